import type { Warehouse } from "../warehouse/database.ts";
import { dataMonths, periodMonths, type Period } from "./funnel.ts";
import { shiftMonth } from "@haumai/vi";

/**
 * Pareto of fault codes (`Lỗi`): which few faults account for most of the repeat repairs and of the complaints.
 *
 * - Repeat repairs: completed repairs whose device came back with a new warranty or repair ticket within the repeat
 *   window (`repair_returns` with a return: the fix rate's failures), by the fault recorded on the repaired ticket, in
 *   the month the device was repaired (the fix rate's month).
 * - Complaints: tickets of type complaint, in the month received. A complaint names its subject in the fault column
 *   when the centre's export carries one there (a ticket subject mapped to `fault`); the demo's complaints, like many
 *   call-centre exports, record no fault at all, only the product. When no complaint in the warehouse has a fault,
 *   complaints are counted by product model instead (`key: "product_model"`), and the page says so.
 *
 * A case without the key is its own bar (`value: null`), counted and ranked like the others: it is data, not hidden.
 * Bars are sorted by count, most first (ties by name, the missing bar after the named ones); `cumulative` is the share
 * of the period's cases in this bar and every bar before it.
 */
export type ParetoSet = "repeat" | "complaint";

export interface ParetoBar {
  value: string | null;
  count: number;
  share: number;
  cumulative: number;
}

export interface Pareto {
  set: ParetoSet;
  /** What the bars are: the fault code, or (complaints without any fault recorded) the product model. */
  key: "fault" | "product_model";
  period: Period;
  month: string;
  from: string;
  total: number;
  bars: ParetoBar[];
}

export interface ParetoData {
  months: string[];
  keys: Record<ParetoSet, Pareto["key"]>;
  paretos: Pareto[];
}

/** Bars from counts: sorted, with each bar's share and the cumulative share up to it. */
export function paretoBars(counts: { value: string | null; count: number }[]): ParetoBar[] {
  const kept = counts.filter((c) => c.count > 0);
  const total = kept.reduce((s, c) => s + c.count, 0);
  let running = 0;
  return [...kept]
    .sort(
      (a, b) =>
        b.count - a.count ||
        (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) ||
        String(a.value).localeCompare(String(b.value)),
    )
    .map((c) => {
      running += c.count;
      return { value: c.value, count: c.count, share: c.count / total, cumulative: running / total };
    });
}

type CountRow = { set: ParetoSet; month: string; value: string | null; count: number | bigint };

/**
 * Every month's Paretos, for one month and for the twelve months ending with it. Needs the facts views
 * (installFacts): repair_returns for the repeat repairs, ticket_facts for the complaints.
 */
export async function paretoData(warehouse: Warehouse): Promise<ParetoData> {
  const faults = await warehouse.one<{ n: number | bigint }>(
    `SELECT count(*) AS n FROM ticket_facts WHERE request_type = 'complaint' AND fault IS NOT NULL`,
  );
  const complaintKey: Pareto["key"] = Number(faults?.n ?? 0) > 0 ? "fault" : "product_model";
  const rows = await warehouse.all<CountRow>(`
    SELECT 'repeat' AS set, r.repaired_month AS month, t.fault AS value, count(*) AS count
      FROM repair_returns r JOIN tickets t USING (ticket_id)
      WHERE r.returned_at IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'complaint', received_month, ${complaintKey}, count(*)
      FROM ticket_facts WHERE request_type = 'complaint' GROUP BY ALL`);
  const months = await dataMonths(warehouse);
  const counts = new Map<string, Map<string | null, number>>();
  for (const r of rows) {
    const id = `${r.set}\u0000${r.month}`;
    const byValue = counts.get(id) ?? new Map<string | null, number>();
    counts.set(id, byValue);
    byValue.set(r.value, (byValue.get(r.value) ?? 0) + Number(r.count));
  }
  const paretos: Pareto[] = [];
  for (const month of months)
    for (const period of Object.keys(periodMonths) as Period[]) {
      const span = Array.from({ length: periodMonths[period] }, (_, i) => shiftMonth(month, -i)).filter(
        (m) => m >= months[0],
      );
      for (const set of ["repeat", "complaint"] as ParetoSet[]) {
        const summed = new Map<string | null, number>();
        for (const m of span)
          for (const [value, count] of counts.get(`${set}\u0000${m}`) ?? [])
            summed.set(value, (summed.get(value) ?? 0) + count);
        const bars = paretoBars([...summed].map(([value, count]) => ({ value, count })));
        paretos.push({
          set,
          key: set === "repeat" ? "fault" : complaintKey,
          period,
          month,
          from: span[span.length - 1],
          total: bars.reduce((s, b) => s + b.count, 0),
          bars,
        });
      }
    }
  return { months, keys: { repeat: "fault", complaint: complaintKey }, paretos };
}
