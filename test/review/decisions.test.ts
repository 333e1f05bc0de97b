import { reviewDefinitions } from "../../loaders/review/annual.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { afterAll, describe, expect, it } from "vitest";
import { loadDecisions } from "../../loaders/review/decisions.ts";
import { scratchDir } from "../helpers.ts";
import { fileURLToPath } from "node:url";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const header = "year,kpi,decision,note,date";

/** A decisions file: the problems it is refused with (none when it loads). */
function problemsOf(text: string): string[] {
  const path = scratch.file("decisions.csv", text);
  try {
    loadDecisions(path);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: tệp quyết định của Ban Giám đốc không hợp lệ:\n`)).toBe(true);
    return message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ""));
  }
}

describe("Board decisions are checked when loaded", () => {
  it("the demo's sample file loads; Vietnamese verdicts are read", () => {
    const sample = fileURLToPath(new URL("../../loaders/demo/decisions.csv", import.meta.url));
    expect(loadDecisions(sample).length).toBeGreaterThan(0);
    const path = scratch.file(
      "vi.csv",
      `${header}\n2025,fix_rate,Giữ,,2026-01-19\n2025,satisfaction,thay đổi,"Gọi lại\nkhách hàng",\n`,
    );
    expect(loadDecisions(path)).toEqual([
      { year: 2025, kpi: "fix_rate", decision: "keep", note: "", date: "2026-01-19" },
      { year: 2025, kpi: "satisfaction", decision: "change", note: "Gọi lại\nkhách hàng", date: "" },
    ]);
  });

  it("each bad field is named with its line (a multi-line note counts its lines)", () => {
    const text = [
      header,
      '2025,response_time,keep,"dòng một\ndòng hai",2026-01-19',
      "25,fix_rate,keep,,2026-01-19",
      "2025,fix_rte,keep,,2026-01-19",
      "2025,repair_time,maybe,,2026-01-19",
      "2025,backlog,keep,,19/01/2026",
      "2025,complaint_rate,change,,2026-02-30",
      "2025,response_time,change,,2026-01-20",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      'dòng 4, cột year: cần năm (4 chữ số), đọc được "25"',
      `dòng 5, cột kpi: "fix_rte" không phải mã chỉ số (có: ${reviewDefinitions(defaultTargets)
        .map((d) => d.id)
        .join(", ")})`,
      'dòng 6, cột decision: cần keep/change (giữ/thay đổi), đọc được "maybe"',
      'dòng 7, cột date: cần ngày yyyy-mm-dd, đọc được "19/01/2026"',
      'dòng 8, cột date: cần ngày yyyy-mm-dd, đọc được "2026-02-30"',
      "dòng 9: năm 2025, chỉ số response_time đã có quyết định ở dòng 2",
    ]);
  });

  it("missing or unknown columns are refused", () => {
    expect(problemsOf("year,kpi,verdict\n2025,fix_rate,keep\n")).toEqual([
      "dòng 1: thiếu cột decision (cần year, kpi, decision; có thể thêm note, date)",
      'dòng 1: cột "verdict" không được hỗ trợ (các cột: year, kpi, decision, note, date)',
    ]);
  });
});

describe("the demo's sample decisions", () => {
  it("go into an empty decisions file, never over a centre's own, and the shipped file has none", async () => {
    const { installSampleDecisions } = await import("../../loaders/cli/demo.ts");
    expect(loadDecisions()).toEqual([]); // data/decisions/decisions.csv as shipped: a header only
    const empty = scratch.file("empty.csv", "year,kpi,decision,note,date\n");
    expect(installSampleDecisions(empty)).toMatch(/^Đã ghi \d+ quyết định mẫu .*xóa các dòng này/);
    expect(loadDecisions(empty).length).toBeGreaterThan(3);
    const own = scratch.file("own.csv", "year,kpi,decision,note,date\n2025,fix_rate,keep,,2026-01-19\n");
    expect(installSampleDecisions(own)).toBeUndefined();
    expect(loadDecisions(own)).toEqual([
      { year: 2025, kpi: "fix_rate", decision: "keep", note: "", date: "2026-01-19" },
    ]);
  });
});
