// The ticket explorer's rows: the last 3 months, newest first, at most 20,000 tickets, no customer names or comments.
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";

export const explorerMonths = 3;
export const explorerLimit = 20_000;

const data = await sharedResult("recent-tickets", () =>
  withWarehouse(async (w) => {
    await installFacts(w, loadTargets().repeatWindowDays);
    const rows =
      await w.all(`SELECT ticket_id, strftime(received_at, '%Y-%m-%d %H:%M') AS received_at, received_month AS month, channel, request_type,
      product_category, product_model, technician, service_location, outcome, customer_id, customer_segment, region,
      CASE WHEN closed_at IS NULL THEN 'open' ELSE 'closed' END AS status,
      round(response_working_minutes) AS response_minutes, round(repair_working_minutes) AS repair_minutes, csat
    FROM ticket_facts
    WHERE received_at >= (SELECT date_trunc('month', max(received_at)) - INTERVAL ${explorerMonths - 1} MONTH FROM tickets)
    ORDER BY received_at DESC LIMIT ${explorerLimit}`);
    return { months: explorerMonths, limit: explorerLimit, tickets: compactRows(rows) };
  }),
);

process.stdout.write(
  JSON.stringify(data ?? { months: explorerMonths, limit: explorerLimit, tickets: { columns: [], rows: [] } }),
);
