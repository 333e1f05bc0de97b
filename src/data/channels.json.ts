// Feedback channels: contacts by channel and period, response time per channel, classification mix, B2B customers.
import { pageResult } from "../../loaders/site/pageResults.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";

const targets = loadTargets();
const data = await pageResult("channels", targets);
const empty = { columns: [], rows: [] };
process.stdout.write(
  JSON.stringify({
    complaintMax: targets.complaint_rate.max,
    responseTarget: targets.response_time.withinWorkingMinutes,
    ...(data ?? { contacts: empty, responseByChannel: empty, mix: empty, customers: empty }),
  }),
);
