import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { outDir } from "../bin/compile.js";

describe("the haumai command", () => {
  it("runs compiled: --help lists the commands, and the compiled CLI is at least as new as its sources", () => {
    const text = execFileSync(process.execPath, ["bin/haumai.js", "--help"], { encoding: "utf8" });
    expect(text).toContain("haumai — phân tích dịch vụ hậu mãi");
    for (const command of ["ingest", "kpi", "report", "serve"]) expect(text).toContain(`  ${command} `);
    const compiled = join(outDir, "main.js");
    expect(existsSync(compiled)).toBe(true);
    expect(statSync(compiled).mtimeMs).toBeGreaterThanOrEqual(statSync("loaders/cli/main.ts").mtimeMs);
  });

  it("loads a command's module only when that command runs, and reports usage errors with its help", () => {
    const result = (() => {
      try {
        execFileSync(process.execPath, ["bin/haumai.js", "kpi", "--month", "13-2026"], {
          encoding: "utf8",
          stdio: "pipe",
        });
        return { status: 0, stderr: "" };
      } catch (error) {
        return error as { status: number; stderr: string };
      }
    })();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("haumai kpi");
  });
});
