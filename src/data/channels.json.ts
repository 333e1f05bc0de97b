// Feedback channels: contacts by channel and period, response time per channel, classification mix, B2B customers.
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { feedbackChannelData } from "../../loaders/kpi/feedback.ts";

const targets = loadTargets();
const data = await sharedResult("channels", () =>
  withWarehouse(async (w) => {
    await installFacts(w, targets.repeatWindowDays);
    const d = await feedbackChannelData(w);
    return {
      contacts: compactRows(d.contacts),
      responseByChannel: compactRows(d.responseByChannel),
      mix: compactRows(d.mix),
      customers: compactRows(d.customers),
    };
  }),
);
const empty = { columns: [], rows: [] };
process.stdout.write(
  JSON.stringify({
    complaintMax: targets.complaint_rate.max,
    responseTarget: targets.response_time.withinWorkingMinutes,
    ...(data ?? { contacts: empty, responseByChannel: empty, mix: empty, customers: empty }),
  }),
);
