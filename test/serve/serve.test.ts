// haumai serve over real HTTP on 127.0.0.1: login for other PCs, safe static files, and a dropped
// export showing up after the rebuild while the old site keeps being served. Two site builds in all.
import { request } from "node:http";
import { existsSync, readFileSync, readdirSync, writeFileSync, appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe, type ServeHandle, type ServeOptions } from "../../loaders/serve/startServe.ts";
import type { ServeEvent } from "../../loaders/serve/siteUpdater.ts";
import { setPassword } from "../../loaders/serve/accounts.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
const inbox = join(scratch.dir, "inbox");
const logs = join(scratch.dir, "logs");
const db = join(scratch.dir, "serve.duckdb");
const header = ["Mã phiếu", "Ngày tiếp nhận", "Phân loại", "Kỹ thuật viên"];
const events: ServeEvent[] = [];
let serve: ServeHandle;

const options = (): ServeOptions => ({
  port: 0,
  host: "127.0.0.1",
  dbPath: db,
  inboxDir: inbox,
  configPath: join(scratch.dir, "serve.json"),
  logDir: logs,
  sitesDir: join(scratch.dir, "sites"),
  clientAddress: (req) => (req.headers[remoteHeader] as string | undefined) ?? req.socket.remoteAddress,
  pollMs: 100,
  stableMs: 400,
  retryMs: 60_000,
  throttle: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000, failureDelayMs: 300 },
  onEvent: (e) => events.push(e),
});

/** Requests carrying X-Test-Remote play a PC on the office network; the server never reads X-Forwarded-For. */
const remoteHeader = "x-test-remote";
const office = "192.168.1.50";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request on a new connection: the path goes on the wire as written (fetch would normalise ".."). */
function http(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: serve.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const remote = (extra: Record<string, string> = {}, from = office) => ({ [remoteHeader]: from, ...extra });
const html = { accept: "text/html,application/xhtml+xml" };

function login(user: string, password: string, from = office, next = "/bao-cao-thang"): Promise<Reply> {
  return http("/dang-nhap", {
    method: "POST",
    headers: remote({ "content-type": "application/x-www-form-urlencoded" }, from),
    body: new URLSearchParams({ user, password, next }).toString(),
  });
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 150_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const found = find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const count = (type: ServeEvent["type"]) => events.filter((e) => e.type === type).length;

/** The ticket count the served site shows on Kho dữ liệu, read through its content-hashed data file. */
async function servedTicketCount(): Promise<number> {
  const page = await http("/du-lieu");
  expect(page.status).toBe(200);
  const file = /_file\/data\/warehouse-status\.[\w-]+\.json/.exec(page.body)?.[0];
  expect(file, "Kho dữ liệu links its data file").toBeTruthy();
  const data = await http(`/${file}`);
  expect(data.status).toBe(200);
  expect(data.headers["content-type"]).toBe("application/json; charset=utf-8");
  return JSON.parse(data.body).tables.find((t: { kind: string }) => t.kind === "tickets").rows;
}

beforeAll(async () => {
  mkdirSync(inbox);
  // The first export is waiting in the inbox when the server starts: it is ingested, then the first build.
  writeFileSync(
    join(inbox, "phieu-2026-03.csv"),
    csv([
      header,
      ["A1", "02/03/2026 08:00", "Bảo hành", "Nguyễn Văn An"],
      ["A2", "03/03/2026 08:00", "Tư vấn", "Trần Thị Bình"],
      ["A3", "04/03/2026 08:00", "Sửa chữa", "Nguyễn Văn An"],
    ]),
  );
  await setPassword(join(scratch.dir, "serve.json"), "thuy", "mat-khau-dung-1");
  serve = await startServe(options());
});

afterAll(async () => {
  await serve?.close();
  scratch.remove();
});

describe("haumai serve", () => {
  it("answers while the first site is being built, then serves it", async () => {
    const early = await http("/", { headers: html });
    if (count("build-done") === 0) {
      expect(early.status).toBe(503);
      expect(early.body).toContain("Đang dựng trang");
    }
    await waitFor(() => count("build-done") === 1, "the first build");
    const ingest = events.find((e) => e.type === "ingest");
    expect(ingest).toMatchObject({ outcomes: [{ status: "imported", rowsRead: 3, rowsAccepted: 3, rowsRejected: 0 }] });
    expect(await servedTicketCount()).toBe(3);
  });

  it("lets the machine itself in without a password", async () => {
    const page = await http("/bao-cao-thang", { headers: html });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain("Báo cáo tổng kết");
    expect(page.body).not.toContain("Đăng xuất");
  });

  it("sends another PC to the login page, and refuses its data without a session", async () => {
    const page = await http("/bao-cao-thang", { headers: remote(html) });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe("/dang-nhap?next=%2Fbao-cao-thang");
    const form = await http("/dang-nhap?next=%2Fbao-cao-thang", { headers: remote(html) });
    expect(form.status).toBe(200);
    expect(form.body).toContain("Mật khẩu");
    expect(form.body).toContain('method="post"');
    const data = await http("/du-lieu", { headers: remote() });
    expect(data.status).toBe(401);
    // X-Forwarded-For is the client's own claim: it does not make a remote PC local.
    const spoofed = await http("/bao-cao-thang", { headers: remote({ ...html, "x-forwarded-for": "127.0.0.1" }) });
    expect(spoofed.status).toBe(302);
  });

  it("refuses a wrong password or an unknown user, slowly, without a session", async () => {
    const started = Date.now();
    const wrong = await login("thuy", "mat-khau-sai");
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain("Tên người dùng hoặc mật khẩu không đúng.");
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    const unknown = await login("khong-co", "mat-khau-dung-1", "192.168.1.51");
    expect(unknown.status).toBe(401);
    expect(unknown.headers["set-cookie"]).toBeUndefined();
  });

  it("serves the dashboard with the right password, through an HttpOnly SameSite=Strict cookie", async () => {
    const ok = await login("thuy", "mat-khau-dung-1");
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe("/bao-cao-thang");
    const cookie = String(ok.headers["set-cookie"]);
    expect(cookie).toMatch(/^haumai_session=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const session = cookie.split(";")[0];
    const page = await http("/bao-cao-thang", { headers: remote({ ...html, cookie: session }) });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Báo cáo tổng kết");
    expect(page.body).toContain("Đăng xuất");

    // The page's own scripts and styles, with their types.
    const script = /\/_observablehq\/client\.[\w-]+\.js/.exec(page.body)![0];
    const js = await http(script, { headers: remote({ cookie: session }) });
    expect([js.status, js.headers["content-type"]]).toEqual([200, "text/javascript; charset=utf-8"]);
    const style = /\/_import\/[\w.-]+\.css/.exec(page.body)![0];
    expect((await http(style, { headers: remote({ cookie: session }) })).headers["content-type"]).toBe(
      "text/css; charset=utf-8",
    );

    // Logging out ends the session.
    const out = await http("/dang-xuat", { method: "POST", headers: remote({ cookie: session }) });
    expect([out.status, out.headers.location]).toEqual([303, "/dang-nhap"]);
    expect((await http("/bao-cao-thang", { headers: remote({ ...html, cookie: session }) })).status).toBe(302);
  });

  it("locks out an address after repeated wrong passwords, even for the right one then", async () => {
    const guesser = "192.168.1.66";
    expect((await login("thuy", "doan-1", guesser)).status).toBe(401);
    expect((await login("thuy", "doan-2", guesser)).status).toBe(401);
    expect((await login("thuy", "doan-3", guesser)).status).toBe(429);
    const locked = await login("thuy", "mat-khau-dung-1", guesser);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain("Thử lại sau");
    expect((await login("thuy", "mat-khau-dung-1", "192.168.1.67")).status).toBe(303); // others are not locked out
  });

  it("refuses paths that leave the site folder", async () => {
    const ok = await login("thuy", "mat-khau-dung-1");
    const session = String(ok.headers["set-cookie"]).split(";")[0];
    for (const path of [
      "/../../../../etc/passwd",
      "/..%2f..%2f..%2f..%2fetc%2fpasswd",
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/..%5c..%5cserve.json",
      "/%2e%2e%2fcurrent.json",
      "/..%2f..%2fserve.json",
      "/%00",
    ]) {
      for (const headers of [{}, remote({ cookie: session })]) {
        const reply = await http(path, { headers });
        expect([400, 404], `${path} → ${reply.status}`).toContain(reply.status);
        expect(reply.body).not.toContain("root:");
        expect(reply.body).not.toContain("scrypt");
        expect(reply.body).not.toContain('"dir"');
      }
    }
  });

  it("ingests a dropped export once it is complete, keeps serving the old site during the rebuild, then the new one", async () => {
    expect(count("build-start")).toBe(1);
    // Copied in two steps, as a slow copy over the network would: it must not be read half-written.
    const rows = [
      header,
      ["A3", "04/03/2026 08:00", "Sửa chữa", "Lê Văn Cường"],
      ["B1", "05/04/2026 08:00", "Bảo hành", "Lê Văn Cường"],
      ["B2", "06/04/2026 09:00", "Khiếu nại", ""],
    ];
    const text = csv(rows);
    const half = text.indexOf("B1");
    writeFileSync(join(inbox, "phieu-2026-04.csv"), text.slice(0, half));
    await new Promise((r) => setTimeout(r, 250));
    appendFileSync(join(inbox, "phieu-2026-04.csv"), text.slice(half));
    writeFileSync(
      join(inbox, "hong.csv"),
      csv([
        ["Tên", "Tuổi"],
        ["An", "30"],
      ]),
    ); // not a ticket export: no key, no date

    await waitFor(() => count("build-start") === 2, "the rebuild to start");
    const ingest = events.filter((e) => e.type === "ingest")[1] as Extract<ServeEvent, { type: "ingest" }>;
    const byName = Object.fromEntries(ingest.outcomes.map((o) => [o.file.slice(inbox.length + 1), o]));
    expect(byName["phieu-2026-04.csv"]).toMatchObject({
      status: "imported",
      rowsRead: 3,
      rowsAccepted: 3,
      rowsRejected: 0,
    });
    expect(byName["hong.csv"]).toMatchObject({ status: "failed" });
    expect(byName["hong.csv"].error).toContain("thiếu cột");

    // While Framework builds the new site, the old one answers, complete.
    expect(serve.builds.building).toBe(true);
    expect(await servedTicketCount()).toBe(3);
    expect((await http("/bao-cao-thang", { headers: html })).status).toBe(200);

    await waitFor(() => count("build-done") === 2 || count("build-failed") > 0, "the rebuild");
    expect(count("build-failed")).toBe(0);
    expect(await servedTicketCount()).toBe(5); // A1–A3 + B1, B2; A3 updated, not doubled
    expect(count("build-start")).toBe(2); // two files in one burst: one rebuild
    const done = events.find((e) => e.type === "build-done") as Extract<ServeEvent, { type: "build-done" }>;
    console.log(
      `site build: ${done.durationMs} ms, rebuild: ${(events.filter((e) => e.type === "build-done")[1] as { durationMs: number }).durationMs} ms`,
    );
  });

  it("logs every request and every import", () => {
    const access = readFileSync(join(logs, "access.log"), "utf8").trim().split("\n");
    const fields = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00 \S+ \S+ [A-Z]+ \S+ \d{3}$/;
    for (const line of access) expect(line).toMatch(fields);
    expect(access.some((l) => l.includes(` ${office} thuy GET /bao-cao-thang 200`))).toBe(true);
    expect(access.some((l) => l.includes(` ${office} anon GET /bao-cao-thang 302`))).toBe(true);
    expect(access.some((l) => l.includes(" 127.0.0.1 local GET /bao-cao-thang 200"))).toBe(true);
    expect(access.some((l) => l.includes(" 192.168.1.66 anon POST /dang-nhap 429"))).toBe(true);
    expect(access.join("\n")).not.toContain("mat-khau");
    const serveLog = readFileSync(join(logs, "serve.log"), "utf8");
    expect(serveLog).toMatch(/✔ nạp \S*phieu-2026-04\.csv: đọc 3 = nhận 3 \+ loại 0/);
    expect(serveLog).toMatch(/✘ nạp \S*hong\.csv: lỗi/);
    expect(serveLog).toContain("trang cũ vẫn được phục vụ đến khi xong");
  });

  it("stops cleanly: port closed, database released", async () => {
    await serve.close();
    await expect(http("/")).rejects.toThrow(/ECONNREFUSED/);
    const warehouse = await Warehouse.open(db); // would throw DatabaseInUseError if still held
    expect((await warehouse.one<{ n: number }>("SELECT count(*) AS n FROM tickets"))!.n).toBe(5);
    warehouse.close();
    expect(existsSync(join(scratch.dir, "sites", "current.json"))).toBe(true);
  });

  it("after a restart serves the last site at once, rebuilds it in the background, and stopping ends that build", async () => {
    events.length = 0;
    serve = await startServe(options());
    expect(await servedTicketCount()).toBe(5); // no waiting for a build
    const start = await waitFor(() => events.find((e) => e.type === "build-start"), "the startup rebuild");
    expect(start).toMatchObject({ reason: expect.stringContaining("khởi động"), replacing: true });
    expect(count("ingest")).toBe(1); // the inbox was looked at again; nothing new in it
    expect(
      (events.find((e) => e.type === "ingest") as Extract<ServeEvent, { type: "ingest" }>).outcomes
        .map((o) => o.status)
        .sort(),
    ).toEqual(["failed", "skipped", "skipped"]);
    const pid = await waitFor(() => serve.builds.buildPid, "the build process");
    await new Promise((r) => setTimeout(r, 3000)); // let npm and Framework start under it
    await serve.close();
    expect(() => process.kill(-pid, 0), "no process of the build's group is left").toThrow(/ESRCH/);
    expect(readdirSync(join(scratch.dir, "sites")).filter((n) => n.endsWith(".partial"))).toEqual([]);
    expect(count("build-done")).toBe(0);
  });
});
