import { createReadStream, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Accounts, normaliseUserName } from "./accounts.ts";
import { writeAccess } from "./accessLog.ts";
import type { LogFile } from "./logFile.ts";
import { LoginThrottle } from "./loginThrottle.ts";
import { isLoopbackAddress } from "./loopback.ts";
import { buildingPage, injectBeforeBodyEnd, lockedPage, loginPage, logoutBar } from "./pages.ts";
import { decoyHash, verifyPassword } from "./password.ts";
import { Sessions } from "./sessions.ts";
import { resolveStatic, type StaticFile } from "./staticFiles.ts";

export interface HandlerDeps {
  /** The folder of the site to serve now (read per request: the pointer moves when a rebuild completes). */
  site: () => string | undefined;
  /** True when the last build failed and there is no site at all. */
  siteFailed: () => boolean;
  accounts: Accounts;
  sessions: Sessions;
  throttle: LoginThrottle;
  accessLog: LogFile;
  /** The client's address; the socket's by default. Injected in tests to play a remote PC over loopback. */
  clientAddress: (request: IncomingMessage) => string | undefined;
}

export const loginPath = "/dang-nhap";
export const logoutPath = "/dang-xuat";

/** Only a path on this server may be a redirect target after login (no //evil.example, no http://…). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function createHandler(deps: HandlerDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const client = deps.clientAddress(request) ?? "";
    const local = isLoopbackAddress(client);
    const context = { client, local, user: local ? "local" : (deps.sessions.userOf(request) ?? "anon") };
    // "close" rather than "finish": a request the browser abandoned is logged too.
    response.on("close", () =>
      writeAccess(deps.accessLog, {
        client: client || "-",
        user: context.user,
        method: request.method ?? "-",
        path: request.url ?? "-",
        status: response.statusCode,
      }),
    );
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "private, no-cache");
    handle(deps, context, request, response).catch((error) => {
      // The details (paths, config errors) are for the administrator's console, not for the browser.
      process.stderr.write(`✘ ${request.method} ${request.url}: ${(error as Error)?.stack ?? error}\n`);
      if (!response.headersSent) text(response, 500, "Lỗi máy chủ. Người quản trị xem cửa sổ đang chạy haumai serve.");
      else response.destroy();
    });
  };
}

interface Context {
  client: string;
  local: boolean;
  user: string;
}

async function handle(
  deps: HandlerDeps,
  context: Context,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(request.url ?? "/", "http://haumai.invalid");
  } catch {
    return text(response, 400, "Đường dẫn không hợp lệ.");
  }
  const method = request.method ?? "GET";
  const signedIn = context.local || context.user !== "anon";

  if (url.pathname === loginPath) {
    if (method === "POST") return login(deps, context, request, response);
    if (signedIn) return redirect(response, 303, safeNext(url.searchParams.get("next")));
    return html(response, 200, loginPage({ next: safeNext(url.searchParams.get("next")) }));
  }
  if (url.pathname === logoutPath) {
    if (method !== "POST") return text(response, 405, "Đăng xuất bằng nút Đăng xuất trên trang.", { Allow: "POST" });
    deps.sessions.end(request);
    response.setHeader("Set-Cookie", Sessions.clearCookie());
    return redirect(response, 303, loginPath);
  }

  if (!signedIn) {
    // A browser opening a page is sent to the login form; anything else (data, scripts) just gets 401.
    if ((method === "GET" || method === "HEAD") && (request.headers.accept ?? "").includes("text/html")) {
      return redirect(response, 302, `${loginPath}?next=${encodeURIComponent(url.pathname + url.search)}`);
    }
    return text(response, 401, `Cần đăng nhập: ${loginPath}`);
  }
  if (method !== "GET" && method !== "HEAD") return text(response, 405, "Chỉ đọc trang (GET).", { Allow: "GET, HEAD" });

  const root = deps.site();
  if (!root) return html(response, 503, buildingPage(deps.siteFailed()), { "Retry-After": "10" });
  const found = await resolveStatic(root, url.pathname);
  if (found === "bad") return text(response, 400, "Đường dẫn không hợp lệ.");
  if (!found) {
    const notFound = join(root, "404.html");
    if (existsSync(notFound)) return html(response, 404, await readFile(notFound, "utf8"));
    return text(response, 404, "Không tìm thấy trang.");
  }
  return sendFile(request, response, found, context.local ? undefined : context.user);
}

async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: StaticFile,
  remoteUser?: string,
): Promise<void> {
  response.setHeader("Content-Type", file.type);
  if (file.type.startsWith("text/html") && remoteUser) {
    // Pages for a remote user carry who is logged in and the logout button; built per request, so no ETag.
    const body = injectBeforeBodyEnd(await readFile(file.file, "utf8"), logoutBar(remoteUser));
    response.setHeader("Content-Length", Buffer.byteLength(body));
    response.writeHead(200);
    response.end(request.method === "HEAD" ? undefined : body);
    return;
  }
  const etag = `W/"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;
  response.setHeader("ETag", etag);
  if (request.headers["if-none-match"] === etag) {
    response.writeHead(304).end();
    return;
  }
  response.setHeader("Content-Length", file.size);
  response.writeHead(200);
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file.file);
    stream.on("error", () => (response.destroy(), resolve()));
    response.on("close", () => (stream.destroy(), resolve()));
    stream.pipe(response);
  });
}

async function login(
  deps: HandlerDeps,
  context: Context,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const lockedMs = deps.throttle.lockedFor(context.client);
  if (lockedMs > 0) {
    request.resume();
    return html(response, 429, lockedPage(Math.ceil(lockedMs / 60_000)), {
      "Retry-After": String(Math.ceil(lockedMs / 1000)),
    });
  }
  const form = await readForm(request);
  if (!form) return text(response, 413, "Biểu mẫu quá lớn.");
  const next = safeNext(form.get("next"));
  const typedName = form.get("user") ?? "";
  const password = form.get("password") ?? "";
  let user: string | undefined;
  try {
    user = normaliseUserName(typedName);
  } catch {
    user = undefined;
  }
  const hashes = await deps.accounts.hashes();
  const stored = user ? hashes.get(user) : undefined;
  // Always run scrypt (against a decoy for an unknown name): the answer time does not tell which names exist.
  const matches = await verifyPassword(password, stored ?? (await decoyHash()));
  if (user && stored && matches) {
    deps.throttle.succeed(context.client);
    context.user = user;
    response.setHeader("Set-Cookie", deps.sessions.cookie(deps.sessions.create(user)));
    return redirect(response, 303, next);
  }
  await deps.throttle.fail(context.client);
  const nowLocked = deps.throttle.lockedFor(context.client);
  if (nowLocked > 0) return html(response, 429, lockedPage(Math.ceil(nowLocked / 60_000)));
  return html(response, 401, loginPage({ next, user: typedName, error: "Tên người dùng hoặc mật khẩu không đúng." }));
}

/** A urlencoded form of at most 8 KB; undefined when larger. */
function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((resolve, reject) => {
    let body = "";
    let tooLarge = false;
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      if (tooLarge) return;
      body += chunk;
      if (body.length > 8192) tooLarge = true;
    });
    request.on("end", () => resolve(tooLarge ? undefined : new URLSearchParams(body)));
    request.on("error", reject);
  });
}

function text(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  response.end(body);
}

function html(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "text/html; charset=utf-8", ...headers });
  response.end(body);
}

function redirect(response: ServerResponse, status: number, location: string): void {
  response.writeHead(status, { Location: location });
  response.end();
}
