import { reviewDefinitions } from "../../loaders/review/annual.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { afterAll, describe, expect, it } from "vitest";
import { loadDecisions } from "../../loaders/review/decisions.ts";
import { scratchDir } from "../helpers.ts";
import { fileURLToPath } from "node:url";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const header = "year,kpi,decision,note,date";
const noEffective = { effective: null, effective_given: false };

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
      { year: 2025, kpi: "fix_rate", decision: "keep", note: "", date: "2026-01-19", ...noEffective },
      // A change without an effective date (a file from before the column): 1 January after the reviewed year.
      {
        year: 2025,
        kpi: "satisfaction",
        decision: "change",
        note: "Gọi lại\nkhách hàng",
        date: "",
        effective: "2026-01-01",
        effective_given: false,
      },
    ]);
  });

  it("the effective date: its own column, Vietnamese headings, the rule when it is empty", () => {
    const path = scratch.file(
      "effective.csv",
      `${header},effective\n2025,fix_rate,change,,2026-01-19,2026-02-01\n2025,satisfaction,change,,2026-01-19,\n` +
        "2025,response_time,keep,,2026-01-19,\n2025,repair_time,keep,,2026-01-19,2026-03-01\n",
    );
    expect(loadDecisions(path).map((d) => [d.kpi, d.effective, d.effective_given])).toEqual([
      ["fix_rate", "2026-02-01", true],
      // Not given: the 1st of the month after the decision date.
      ["satisfaction", "2026-02-01", false],
      // A keep starts no phase.
      ["response_time", null, false],
      ["repair_time", "2026-03-01", true],
    ]);
    for (const heading of ["hieu_luc", "Ngày hiệu lực", "ngay_hieu_luc"]) {
      const vi = scratch.file(
        "vi-effective.csv",
        `${header},${heading}\n2024,response_time,thay đổi,,2025-01-20,2025-02-01\n`,
      );
      expect(loadDecisions(vi)[0]).toMatchObject({ effective: "2025-02-01", effective_given: true });
    }
  });

  it("a bad effective date, or a change taking effect before it was decided, is named with line and column", () => {
    const text = [
      `${header},effective`,
      "2025,fix_rate,change,,2026-01-19,01/02/2026",
      "2025,satisfaction,change,,2026-01-19,2026-01-05",
      "2025,response_time,keep,,2026-01-19,2026-02-30",
      // A keep with an earlier date is only a note: no phase, no check of order.
      "2025,repair_time,keep,,2026-01-19,2026-01-02",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      'dòng 2, cột effective: cần ngày hiệu lực yyyy-mm-dd, đọc được "01/02/2026"',
      "dòng 3, cột effective: ngày hiệu lực 2026-01-05 trước ngày quyết định 2026-01-19",
      'dòng 4, cột effective: cần ngày hiệu lực yyyy-mm-dd, đọc được "2026-02-30"',
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
      "dòng 1: thiếu cột decision (cần year, kpi, decision; có thể thêm note, date, effective)",
      'dòng 1: cột "verdict" không được hỗ trợ (các cột: year, kpi, decision, note, date, effective)',
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
      { year: 2025, kpi: "fix_rate", decision: "keep", note: "", date: "2026-01-19", ...noEffective },
    ]);
  });
});
