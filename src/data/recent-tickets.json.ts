// The ticket explorer's rows: the last 3 months, newest first, at most 20,000 tickets, no customer names or comments.
import { explorerLimit, explorerMonths, pageResult } from "../../loaders/site/pageResults.ts";

const data = await pageResult("recent-tickets");
process.stdout.write(
  JSON.stringify(data ?? { months: explorerMonths, limit: explorerLimit, tickets: { columns: [], rows: [] } }),
);
