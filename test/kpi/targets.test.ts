import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { defaultTargets, defaultTargetsPath, loadTargets } from "../../loaders/kpi/targets.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { monthlyKpis } from "../../loaders/kpi/monthly.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const shipped = JSON.parse(readFileSync(defaultTargetsPath, "utf8"));

/** targets.json with one change: the problems it is refused with (none when it loads). */
function problemsOf(file: unknown): string[] {
  const path = scratch.file("targets.json", JSON.stringify(file));
  try {
    loadTargets(path);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: tệp mục tiêu không hợp lệ:\n`)).toBe(true);
    return message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ""));
  }
}

describe("targets.json is checked when loaded", () => {
  it("the shipped file loads; a partial file keeps the defaults for what it leaves out", () => {
    expect(loadTargets()).toEqual(defaultTargets);
    const path = scratch.file("partial.json", JSON.stringify({ fix_rate: { share: 0.9 } }));
    expect(loadTargets(path)).toEqual({ ...defaultTargets, fix_rate: { share: 0.9 } });
  });

  it('a value like "0 OR true" is refused, naming exactly that field', () => {
    expect(
      problemsOf({ ...shipped, response_time: { ...shipped.response_time, withinWorkingMinutes: "0 OR true" } }),
    ).toEqual([
      'response_time.withinWorkingMinutes: phải là số phút làm việc lớn hơn 0 (1 ngày làm việc = 480 phút), đọc được "0 OR true"',
    ]);
  });

  it("shares in [0, 1], minutes > 0, window days an integer 1–365, backlog a whole count", () => {
    expect(problemsOf({ fix_rate: { share: 95 } })).toEqual([
      "fix_rate.share: phải là tỷ lệ từ 0 đến 1 (ví dụ 0.9 = 90%), đọc được 95",
    ]);
    expect(problemsOf({ satisfaction: { index: -0.1 } })).toEqual([expect.stringMatching(/^satisfaction\.index: /)]);
    expect(problemsOf({ complaint_rate: { max: "10%" } })).toEqual([
      expect.stringMatching(/^complaint_rate\.max: .*đọc được "10%"$/),
    ]);
    expect(problemsOf({ repair_time: { withinWorkingMinutes: 0 } })).toEqual([
      expect.stringMatching(/^repair_time\.withinWorkingMinutes: /),
    ]);
    expect(problemsOf({ repeatWindowDays: 30.5 })).toEqual([
      "repeatWindowDays: phải là số nguyên ngày từ 1 đến 365, đọc được 30.5",
    ]);
    expect(problemsOf({ repeatWindowDays: 400 })).toEqual([expect.stringMatching(/^repeatWindowDays: /)]);
    expect(problemsOf({ repeatWindowDays: "30" })).toEqual([
      expect.stringMatching(/^repeatWindowDays: .*đọc được "30"$/),
    ]);
    expect(problemsOf({ backlog: { maxOver30Days: 2.5 } })).toEqual([
      expect.stringMatching(/^backlog\.maxOver30Days: /),
    ]);
    expect(problemsOf({ backlog: 20 })).toEqual(["backlog: phải là đối tượng { maxOver30Days }, đọc được 20"]);
  });

  it("unknown keys are refused, at the top and inside a KPI; every problem is listed at once", () => {
    expect(problemsOf({ response_time: { withinMinutes: 240 }, fixrate: { share: 0.9 } })).toEqual([
      "fixrate: khóa không được hỗ trợ (các khóa hợp lệ: note, repeatWindowDays, response_time, repair_time, fix_rate, satisfaction, complaint_rate, backlog, on_time_return, minimumCases)",
      "response_time.withinMinutes: khóa không được hỗ trợ (các khóa hợp lệ: withinWorkingMinutes, withinShare)",
    ]);
  });
});

describe("targets reach the KPI SQL as bound values", () => {
  it("a target that skips the loader is still a value, never SQL: it cannot turn into a condition", async () => {
    const w = await memoryWarehouse();
    await ingestFile(
      w,
      scratch.file(
        "t.csv",
        csv([
          ["Mã phiếu", "Ngày tiếp nhận", "Phân loại", "Thời điểm phản hồi"],
          ["A", "02/03/2026 08:00", "Tư vấn", "02/03/2026 12:00"], // 210 working minutes: over a 60-minute target
        ]),
      ),
    );
    const [march] = await monthlyKpis(w, {
      targets: { ...defaultTargets, minimumCases: 1, response_time: { withinWorkingMinutes: 60, withinShare: 0.9 } },
    });
    expect(march.kpis.response_time.value).toBe(0);
    // Spliced, "0 OR true" made every response "within target" (share 1); bound, it is a string DuckDB refuses as a number.
    const hostile = {
      ...defaultTargets,
      response_time: { withinWorkingMinutes: "0 OR true" as unknown as number, withinShare: 0.9 },
    };
    await expect(monthlyKpis(w, { targets: hostile })).rejects.toThrow(/Could not convert string '0 OR true'/);
    w.close();
  });
});
