import { UsageError } from "./args.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { monthlyKpis, type MonthKpis } from "../kpi/monthly.ts";
import type { Targets } from "../kpi/targets.ts";

/** `--month` as the commands take it: YYYY-MM. */
export function checkMonthFlag(month: string | undefined): void {
  if (month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new UsageError("--month phải có dạng YYYY-MM, ví dụ 2026-10");
}

/**
 * Every month's KPIs of the database (`--db`, read-only) and the month asked for, the latest by default. A month
 * without tickets is said on stderr, with the months the data has, and gives undefined.
 */
export async function monthKpisOf(
  db: string | undefined,
  targets: Targets,
  month?: string,
): Promise<{ months: MonthKpis[]; month: string; current: MonthKpis } | undefined> {
  const warehouse = await Warehouse.open(resolveDbPath(db), { readOnly: true });
  let months: MonthKpis[];
  try {
    months = await monthlyKpis(warehouse, { targets });
  } finally {
    warehouse.close();
  }
  const chosen = month ?? months[months.length - 1]?.month;
  const current = months.find((m) => m.month === chosen);
  if (chosen && current) return { months, month: chosen, current };
  process.stderr.write(
    `✘ Không có phiếu nào trong tháng ${chosen ?? "–"}. Dữ liệu có từ ${months[0]?.month ?? "–"} đến ${months[months.length - 1]?.month ?? "–"}.\n`,
  );
  return undefined;
}
