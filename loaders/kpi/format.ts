/** vi-VN forms for the CLI and reports: 1.234,5 · 85,3% · 2 ngày 3 giờ. */
const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

export const formatNumber = (v: number | null | undefined) => (v === null || v === undefined ? "–" : number.format(v));

export const formatPercent = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${number.format(v * 100)}%`);

/** Working minutes as the centre speaks of them: a working day is 8 hours. */
export function formatMinutes(v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  if (v < 60) return `${Math.round(v)} phút`;
  if (v < 480) return `${number.format(v / 60)} giờ`;
  return `${number.format(v / 480)} ngày LV`;
}
