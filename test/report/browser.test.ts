import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowser, installPaths, notFoundMessage } from "../../loaders/report/chromium.ts";
import { projectRoot } from "../../loaders/site/frameworkCache.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { answeredTicket, csv, scratchDir, ticketColumns } from "../helpers.ts";

/** A fake file system holding exactly `paths`. */
const only = (...paths: string[]) => {
  const set = new Set(paths);
  return (path: string) => set.has(path);
};

const windowsEnv = {
  ProgramFiles: "C:\\Program Files",
  "ProgramFiles(x86)": "C:\\Program Files (x86)",
  LOCALAPPDATA: "C:\\Users\\lan\\AppData\\Local",
  Path: "C:\\Windows\\system32;C:\\Tools",
};

describe("finding Chrome, Edge or Chromium", () => {
  it("Windows: Edge where Windows installs it, Chrome before Edge, a per-user Chrome under %LocalAppData%", () => {
    const edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";
    const chrome = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";
    const userChrome = "C:\\Users\\lan\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe";
    expect(findBrowser("win32", windowsEnv, only(edge))).toEqual({ found: true, path: edge, via: "install path" });
    expect(findBrowser("win32", windowsEnv, only(edge, chrome))).toEqual({
      found: true,
      path: chrome,
      via: "install path",
    });
    expect(findBrowser("win32", windowsEnv, only(userChrome))).toEqual({
      found: true,
      path: userChrome,
      via: "install path",
    });
    // the variable's spelling does not matter on Windows
    expect(
      findBrowser("win32", { localappdata: "D:\\Apps" }, only("D:\\Apps\\Chromium\\Application\\chrome.exe")),
    ).toMatchObject({ found: true, path: "D:\\Apps\\Chromium\\Application\\chrome.exe" });
  });

  it("macOS: the app bundles in /Applications and ~/Applications", () => {
    const edge = "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge";
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    const userChromium = "/Users/lan/Applications/Chromium.app/Contents/MacOS/Chromium";
    expect(findBrowser("darwin", { HOME: "/Users/lan" }, only(edge))).toEqual({
      found: true,
      path: edge,
      via: "install path",
    });
    expect(findBrowser("darwin", { HOME: "/Users/lan" }, only(edge, chrome))).toMatchObject({
      found: true,
      path: chrome,
    });
    expect(findBrowser("darwin", { HOME: "/Users/lan" }, only(userChromium))).toMatchObject({
      found: true,
      path: userChromium,
    });
  });

  it("Linux: Debian's /usr/bin/chromium first, then Chrome, Edge, the snap", () => {
    expect(findBrowser("linux", {}, only("/usr/bin/chromium", "/usr/bin/google-chrome"))).toEqual({
      found: true,
      path: "/usr/bin/chromium",
      via: "install path",
    });
    expect(findBrowser("linux", {}, only("/usr/bin/google-chrome-stable"))).toMatchObject({
      path: "/usr/bin/google-chrome-stable",
    });
    expect(findBrowser("linux", {}, only("/usr/bin/microsoft-edge"))).toMatchObject({
      path: "/usr/bin/microsoft-edge",
    });
    expect(findBrowser("linux", {}, only("/snap/bin/chromium"))).toMatchObject({ path: "/snap/bin/chromium" });
    expect(installPaths("linux", {})[0]).toBe("/usr/bin/chromium");
  });

  it("then the commands on PATH", () => {
    expect(findBrowser("linux", { PATH: "/opt/tools/bin:/home/lan/bin" }, only("/home/lan/bin/google-chrome"))).toEqual(
      { found: true, path: "/home/lan/bin/google-chrome", via: "PATH" },
    );
    expect(findBrowser("win32", windowsEnv, only("C:\\Tools\\msedge.exe"))).toEqual({
      found: true,
      path: "C:\\Tools\\msedge.exe",
      via: "PATH",
    });
  });

  it("HAUMAI_BROWSER comes first, and a wrong one is reported rather than replaced", () => {
    const exists = only("/usr/bin/chromium", "/opt/portable/chrome");
    expect(findBrowser("linux", { HAUMAI_BROWSER: "/opt/portable/chrome" }, exists)).toEqual({
      found: true,
      path: "/opt/portable/chrome",
      via: "HAUMAI_BROWSER",
    });
    const wrong = findBrowser("linux", { HAUMAI_BROWSER: "/opt/missing/chrome" }, exists);
    expect(wrong.found).toBe(false);
    expect(!wrong.found && wrong.message).toContain("/opt/missing/chrome");
    expect(!wrong.found && wrong.message).toContain("HAUMAI_BROWSER");
    const portable = "E:\\Portable\\chrome.exe";
    expect(findBrowser("win32", { ...windowsEnv, Haumai_Browser: portable }, only(portable))).toMatchObject({
      path: portable,
      via: "HAUMAI_BROWSER",
    });
  });

  it("none found: a Vietnamese message naming what to install and the variable, for the user's system", () => {
    for (const platform of ["win32", "darwin", "linux"] as const) {
      const result = findBrowser(
        platform,
        platform === "win32" ? windowsEnv : { PATH: "/usr/bin", HOME: "/home/lan" },
        only(),
      );
      expect(result).toEqual({ found: false, message: notFoundMessage(platform) });
      expect(notFoundMessage(platform)).toMatch(/^Không tìm thấy trình duyệt để in báo cáo PDF/);
      expect(notFoundMessage(platform)).toMatch(/Cài Google Chrome.* Microsoft Edge/);
      expect(notFoundMessage(platform)).toContain("HAUMAI_BROWSER");
    }
    expect(notFoundMessage("win32")).toContain("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe");
    expect(notFoundMessage("linux")).toContain("apt-get install -y chromium");
  });
});

describe("haumai report with a browser path that is wrong", () => {
  it("stops before building or writing anything, with the message", async () => {
    const scratch = scratchDir();
    try {
      const db = join(scratch.dir, "b.duckdb");
      const w = await Warehouse.open(db);
      await ensureSchema(w);
      await ingestFile(w, scratch.file("t.csv", csv([ticketColumns, answeredTicket("B1")])));
      w.close();
      const out = join(scratch.dir, "reports");
      const run = spawnSync(
        process.execPath,
        ["bin/haumai.js", "report", "--month", "2026-03", "--db", db, "--out", out],
        {
          cwd: projectRoot,
          env: { ...process.env, HAUMAI_BROWSER: "/khong/co/chrome" },
          encoding: "utf8",
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("Biến HAUMAI_BROWSER trỏ tới /khong/co/chrome");
      expect(existsSync(join(out, "2026-03"))).toBe(false);
    } finally {
      scratch.remove();
    }
  });
});
