import { parse, UsageError, dbOption } from "./args.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { surveyWaves, waveDefinitions, waveSummary, type WaveSummary } from "../survey/analysis.ts";
import { formatNumber, formatP, formatPercent } from "@haumai/vi";

export const surveyHelp = `haumai survey --wave YYYY-H1|YYYY-H2 [tùy chọn]

Phân tích một đợt khảo sát hài lòng: số phản hồi, tỷ lệ phản hồi, chỉ số hài lòng (4–5 điểm) và NPS
với khoảng tin cậy 95%, từng câu hỏi và khía cạnh (so với đợt trước và cùng kỳ năm trước, chỉ báo
khi kiểm định hai tỷ lệ có p < 0,05), yếu tố tác động chính, danh sách khách hàng cần gọi lại.

  --wave YYYY-HN  đợt khảo sát (mặc định: đợt gần nhất)
  --definition ID định nghĩa khảo sát cần phân tích khi đợt có phiếu theo nhiều định nghĩa
                  (mặc định: định nghĩa có nhiều phiếu nhất trong đợt)
  --db PATH       cơ sở dữ liệu (mặc định data/haumai.duckdb)
  --json          in JSON
`;

export async function surveyCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...dbOption,
    wave: { type: "string" },
    definition: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(surveyHelp);
    return 0;
  }
  if (values.wave && !/^\d{4}-H[12]$/.test(values.wave))
    throw new UsageError("--wave phải có dạng YYYY-H1 hoặc YYYY-H2, ví dụ 2026-H1");
  const warehouse = await Warehouse.open(resolveDbPath(values.db), { readOnly: true });
  let summary: WaveSummary | undefined;
  let waves: string[];
  let definitions: { id: string; responses: number }[] = [];
  try {
    waves = await surveyWaves(warehouse);
    const wave = values.wave ?? waves[waves.length - 1];
    if (wave && waves.includes(wave)) {
      definitions = await waveDefinitions(warehouse, wave);
      if (values.definition === undefined || definitions.some((d) => d.id === values.definition))
        summary = await waveSummary(warehouse, wave, values.definition);
    }
  } finally {
    warehouse.close();
  }
  if (!summary && definitions.length) {
    process.stderr.write(
      `✘ Đợt ${values.wave ?? waves[waves.length - 1]} không có phiếu theo định nghĩa "${values.definition}". Các định nghĩa có phiếu: ${definitions.map((d) => `${d.id} (${d.responses} phiếu)`).join(", ")}.\n`,
    );
    return 1;
  }
  if (!summary) {
    process.stderr.write(
      `✘ Không có phiếu khảo sát đợt ${values.wave ?? ""}. Các đợt có dữ liệu: ${waves.join(", ") || "không có"}.\n`,
    );
    return 1;
  }
  if (values.json) {
    const { follow_up, ...rest } = summary;
    process.stdout.write(
      JSON.stringify({ ...rest, follow_up: follow_up.length, follow_up_list: follow_up }, null, 2) + "\n",
    );
    return 0;
  }
  const s = summary;
  const ci = (c: [number, number] | null) => (c ? ` (KTC 95% ${formatPercent(c[0])}–${formatPercent(c[1])})` : "");
  const warn = (small: boolean) => (small ? " ⚠ mẫu nhỏ (n < 30)" : "");
  const others = s.other_definitions.map(
    (d) => `${d.id}${d.name ? ` — ${d.name}` : ""} (${formatNumber(d.responses)} phiếu)`,
  );
  const lines = [
    `Khảo sát hài lòng đợt ${s.wave}: ${formatNumber(s.responses)} phiếu${s.response_rate === null ? "" : `, tỷ lệ phản hồi ${formatPercent(s.response_rate)} (${s.customers_responding}/${s.customers_listed} khách hàng)`}`,
    `Định nghĩa khảo sát: ${s.definition.id}${s.definition.name ? ` — ${s.definition.name}` : ""}`,
    ...(others.length
      ? [
          `Đợt này còn có phiếu theo định nghĩa khác, không tính trong các số dưới đây: ${others.join("; ")}. Xem bằng --definition ID.`,
        ]
      : []),
    s.satisfaction.n
      ? `Chỉ số hài lòng: ${formatPercent(s.satisfaction.index)}${ci(s.satisfaction.ci95)}, n = ${s.satisfaction.n}${warn(s.satisfaction.small_sample)}${s.satisfaction.vs_previous?.significant ? `; thay đổi có ý nghĩa so với ${s.previous_wave}` : ""}`
      : "Chỉ số hài lòng: chưa đo được — không phiếu nào trả lời câu hài lòng chung",
    s.nps.n
      ? `NPS: ${formatNumber(Math.round(s.nps.score!))}${s.nps.ci95 ? ` (KTC 95% ${formatNumber(Math.round(s.nps.ci95[0]))} đến ${formatNumber(Math.round(s.nps.ci95[1]))})` : ""}, n = ${s.nps.n}${warn(s.nps.small_sample)}`
      : "NPS: chưa đo được — không phiếu nào trả lời câu khả năng giới thiệu (0–10)",
    "",
    "Câu hỏi                                         TB    Top-2   so với đợt trước",
    ...s.questions.map(
      (q) =>
        `${q.id} ${q.text.slice(0, 42).padEnd(42)} ${formatNumber(q.mean === null ? null : Math.round(q.mean * 100) / 100).padStart(5)} ${formatPercent(q.top2).padStart(7)}   ${q.vs_previous?.significant ? `${q.vs_previous.delta > 0 ? "▲" : "▼"} ${formatNumber(Math.abs(q.vs_previous.delta) * 100)} điểm % (${formatP(q.vs_previous.p)})` : "không đổi có ý nghĩa"}`,
    ),
    "",
    `Yếu tố tác động mạnh nhất tới hài lòng chung: ${s.drivers
      .slice(0, 3)
      .map((d) => `${d.text} (r = ${formatNumber(d.r === null ? null : Math.round(d.r * 100) / 100)})`)
      .join("; ")}`,
    `Khách hàng cần gọi lại (hài lòng chung ≤ 2 hoặc giới thiệu ≤ 6): ${formatNumber(s.follow_up.length)}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
