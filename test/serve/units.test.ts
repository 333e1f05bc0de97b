import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../loaders/serve/password.ts";
import { Accounts, loadServeConfig, setPassword } from "../../loaders/serve/accounts.ts";
import { resolveStatic } from "../../loaders/serve/staticFiles.ts";
import { InboxWatcher } from "../../loaders/serve/inboxWatcher.ts";
import { isLoopbackAddress, isLoopbackHost } from "../../loaders/serve/loopback.ts";
import { accessLine } from "../../loaders/serve/accessLog.ts";
import { LogFile } from "../../loaders/serve/logFile.ts";
import { safeNext } from "../../loaders/serve/httpHandler.ts";
import { runCli, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

describe("passwords", () => {
  it("stores a salted scrypt hash, verifies the right password only", async () => {
    const a = await hashPassword("mật khẩu đúng");
    const b = await hashPassword("mật khẩu đúng");
    expect(a).toMatch(/^scrypt:16384:8:1:/);
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain("mật khẩu");
    expect(await verifyPassword("mật khẩu đúng", a)).toBe(true);
    // NFD input (some keyboards on Windows) is the same password
    expect(await verifyPassword("mật khẩu đúng".normalize("NFD"), a)).toBe(true);
    expect(await verifyPassword("mật khẩu sai", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });

  it("haumai serve --set-password reads the password from stdin and writes only its hash", () => {
    const config = join(scratch.dir, "serve.json");
    const result = spawnSync(
      process.execPath,
      ["bin/haumai.js", "serve", "--set-password", "--user", "Thuy", "--config", config],
      {
        input: "bi-mat-123\n",
        encoding: "utf8",
        env: { ...process.env, HAUMAI_SERVE_PASSWORD: "" },
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Đã lưu mật khẩu của "thuy"');
    const text = readFileSync(config, "utf8");
    expect(text).not.toContain("bi-mat-123");
    return verifyPassword("bi-mat-123", loadServeConfig(config).users.thuy).then((ok) => expect(ok).toBe(true));
  });

  it("rejects short passwords and odd user names; the env password is the admin account", async () => {
    const config = join(scratch.dir, "serve2.json");
    await expect(setPassword(config, "thuy", "ngan")).rejects.toThrow(/ít nhất 8 ký tự/);
    await expect(setPassword(config, "a b", "du-dai-roi")).rejects.toThrow(/không hợp lệ/);
    writeFileSync(config, JSON.stringify({ users: { thuy: "plaintext" } }));
    expect(() => loadServeConfig(config)).toThrow(/users\.thuy không phải bản băm scrypt/);
    const accounts = new Accounts(join(scratch.dir, "none.json"), "tu-moi-truong");
    const hashes = await accounts.hashes();
    expect([...hashes.keys()]).toEqual(["admin"]);
    expect(await verifyPassword("tu-moi-truong", hashes.get("admin")!)).toBe(true);
  });
});

describe("haumai serve command", () => {
  it("refuses to open to the network without a password, in Vietnamese", async () => {
    const saved = process.env.HAUMAI_SERVE_PASSWORD;
    delete process.env.HAUMAI_SERVE_PASSWORD;
    try {
      const { code, err } = await runCli([
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
        "--config",
        join(scratch.dir, "missing.json"),
        "--logs",
        join(scratch.dir, "logs"),
      ]);
      expect(code).toBe(1);
      expect(err).toContain("Chưa đặt mật khẩu nên không mở cho mạng nội bộ");
      expect(err).toContain("npx haumai serve --set-password");
    } finally {
      if (saved !== undefined) process.env.HAUMAI_SERVE_PASSWORD = saved;
    }
  });

  it("has a Vietnamese --help and is listed by haumai --help", async () => {
    const help = await runCli(["serve", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Phục vụ dashboard cho các máy trong mạng nội bộ");
    expect(help.out).toContain("--set-password");
    expect((await runCli(["--help"])).out).toMatch(/serve\s+phục vụ dashboard/);
  });
});

describe("which requests count as this machine", () => {
  it("trusts only loopback socket addresses", () => {
    for (const a of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.8.0.1"]) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ["192.168.1.5", "::ffff:192.168.1.5", "10.0.0.1", "", undefined, "1127.0.0.1"])
      expect(isLoopbackAddress(a)).toBe(false);
    expect(isLoopbackHost("0.0.0.0")).toBe(false);
    expect(isLoopbackHost("localhost")).toBe(true);
  });

  it("redirects after login only to a path on this server", () => {
    expect(safeNext("/bao-cao-thang?thang=2026-10")).toBe("/bao-cao-thang?thang=2026-10");
    for (const n of ["//evil.example/", "http://evil.example/", "/\\evil.example", "", null])
      expect(safeNext(n)).toBe("/");
  });
});

describe("static files", () => {
  const root = join(scratch.dir, "site");
  mkdirSync(join(root, "_file/data"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<p>index</p>");
  writeFileSync(join(root, "bao-cao-thang.html"), "<p>tháng</p>");
  writeFileSync(join(root, "_file/data/x.1a2b.json"), "{}");
  writeFileSync(join(root, "_file/data/t.arrow"), "A");
  writeFileSync(join(scratch.dir, "secret.txt"), "bí mật");
  symlinkSync(join(scratch.dir, "secret.txt"), join(root, "link.txt"));

  it("maps clean URLs and content types", async () => {
    expect(await resolveStatic(root, "/")).toMatchObject({
      file: join(root, "index.html"),
      type: "text/html; charset=utf-8",
    });
    expect(await resolveStatic(root, "/bao-cao-thang")).toMatchObject({ file: join(root, "bao-cao-thang.html") });
    expect(await resolveStatic(root, "/_file/data/x.1a2b.json")).toMatchObject({
      type: "application/json; charset=utf-8",
    });
    expect(await resolveStatic(root, "/_file/data/t.arrow")).toMatchObject({
      type: "application/vnd.apache.arrow.file",
    });
    expect(await resolveStatic(root, "/khong-co")).toBeUndefined();
  });

  it("never leaves the site folder", async () => {
    for (const path of [
      "/../secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/_file/..%5c..%5csecret.txt",
      "/%00",
      "/.hidden",
      "/%E0%A4%A",
      "/C:%5cWindows",
      "/link.txt",
    ]) {
      expect(await resolveStatic(root, path), path).toBe("bad");
    }
  });
});

describe("inbox watcher", () => {
  it("hands over a file only after it stopped growing, and a burst as one batch", () => {
    const inbox = join(scratch.dir, "inbox");
    mkdirSync(inbox);
    const batches: string[][] = [];
    const watcher = new InboxWatcher(inbox, (files) => batches.push(files.map((f) => f.slice(inbox.length + 1))), {
      stableMs: 1000,
      maxWaitMs: 60_000,
    });
    writeFileSync(join(inbox, "a.csv"), "Mã phiếu\n");
    writeFileSync(join(inbox, "~$a.xlsx"), "lock"); // Excel's lock file is not an export
    writeFileSync(join(inbox, "ghi-chu.pdf"), "x");
    watcher.poll(0);
    watcher.poll(600);
    writeFileSync(join(inbox, "b.csv"), "Mã phiếu\n"); // arrives while a.csv is complete
    watcher.poll(1200); // a.csv is stable, b.csv is new: wait for the burst
    expect(batches).toEqual([]);
    appendFileSync(join(inbox, "b.csv"), "X1\n"); // still being copied
    watcher.poll(2000);
    expect(batches).toEqual([]);
    expect(watcher.idle()).toBe(false);
    watcher.poll(3100);
    expect(batches).toEqual([["a.csv", "b.csv"]]);
    expect(watcher.idle()).toBe(true);
    watcher.poll(5000);
    expect(batches).toHaveLength(1); // not handed over twice
  });
});

describe("access log", () => {
  it("writes one line with time, ip, user, method, path, status", () => {
    const line = accessLine(
      { client: "192.168.1.7", user: "thuy", method: "GET", path: "/bao-cao-thang?x=a b\nfake", status: 200 },
      new Date("2026-10-31T01:02:03.004Z"),
    );
    expect(line).toBe("2026-10-31T08:02:03.004+07:00 192.168.1.7 thuy GET /bao-cao-thang?x=a%20b%0Afake 200");
  });

  it("rotates a log that grew too large, and ignores lines after close", async () => {
    const log = new LogFile(join(scratch.dir, "logs", "access.log"), 40);
    log.write("dòng một, đủ dài để vượt giới hạn");
    log.write("dòng hai");
    await log.close();
    log.write("sau khi đóng");
    expect(readFileSync(join(scratch.dir, "logs", "access.log.1"), "utf8")).toBe("dòng một, đủ dài để vượt giới hạn\n");
    expect(readFileSync(join(scratch.dir, "logs", "access.log"), "utf8")).toBe("dòng hai\n");
  });
});
