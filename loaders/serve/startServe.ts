import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Accounts } from "./accounts.ts";
import { describeEvent } from "./eventMessages.ts";
import { createHandler } from "./httpHandler.ts";
import { InboxWatcher } from "./inboxWatcher.ts";
import { LogFile, vietnamTime } from "./logFile.ts";
import { LoginThrottle } from "./loginThrottle.ts";
import { isLoopbackHost } from "./loopback.ts";
import { Sessions } from "./sessions.ts";
import { SiteBuilds } from "./siteBuilds.ts";
import { SiteUpdater, type ServeEvent } from "./siteUpdater.ts";

export interface ServeOptions {
  port: number;
  host: string;
  dbPath: string;
  inboxDir: string;
  /** data/serve.json: the users allowed in from other PCs (password hashes). */
  configPath: string;
  /** Folder for access.log (one line per request) and serve.log (imports, builds). */
  logDir: string;
  /** Folder of the built sites and the pointer to the current one. */
  sitesDir: string;
  /** Password of `admin` from the environment (HAUMAI_SERVE_PASSWORD), not stored anywhere. */
  envPassword?: string;
  clientAddress?: (request: IncomingMessage) => string | undefined;
  pollMs?: number;
  stableMs?: number;
  retryMs?: number;
  throttle?: ConstructorParameters<typeof LoginThrottle>[0];
  onEvent?: (event: ServeEvent) => void;
  /** Print progress lines to stdout as well as serve.log. */
  print?: boolean;
}

export interface ServeHandle {
  port: number;
  url: string;
  builds: SiteBuilds;
  close: () => Promise<void>;
}

/** The server refuses to start: a Vietnamese reason for the person starting it. */
export class ServeStartError extends Error {}

/**
 * Start `haumai serve`: the HTTP server (login for other PCs, static site from the current build), the
 * inbox watcher, and the worker that ingests new exports and swaps in a rebuilt site.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const accounts = new Accounts(options.configPath, options.envPassword);
  if (!isLoopbackHost(options.host) && !(await accounts.any())) {
    throw new ServeStartError(
      `Chưa đặt mật khẩu nên không mở cho mạng nội bộ (--host ${options.host}): trang có tên kỹ thuật viên và mã khách hàng.\n` +
        `  Đặt mật khẩu: npx haumai serve --set-password   (hoặc biến môi trường HAUMAI_SERVE_PASSWORD)\n` +
        `  Hoặc chỉ xem trên máy này: npx haumai serve --host 127.0.0.1`,
    );
  }
  const dbPath = resolve(options.dbPath);
  const accessLog = new LogFile(join(options.logDir, "access.log"));
  const eventLog = new LogFile(join(options.logDir, "serve.log"));
  const say = (line: string) => {
    eventLog.write(`${vietnamTime()} ${line}`);
    if (options.print) process.stdout.write(`${line}\n`);
  };
  const builds = new SiteBuilds(resolve(options.sitesDir), dbPath);
  let lastBuildFailed = false;
  const updater = new SiteUpdater(
    builds,
    dbPath,
    (event) => {
      if (event.type === "build-failed") lastBuildFailed = true;
      if (event.type === "build-done") lastBuildFailed = false;
      for (const line of describeEvent(event)) say(line);
      options.onEvent?.(event);
    },
    options.retryMs,
  );
  const stableMs = options.stableMs ?? 3000;
  const watcher = new InboxWatcher(resolve(options.inboxDir), (files) => updater.addFiles(files), {
    stableMs,
    maxWaitMs: 5 * 60_000,
  });

  const server = createServer(
    createHandler({
      site: () => builds.current(),
      siteFailed: () => lastBuildFailed,
      accounts,
      sessions: new Sessions(),
      throttle: new LoginThrottle(options.throttle),
      accessLog,
      clientAddress: options.clientAddress ?? ((request) => request.socket.remoteAddress),
    }),
  );
  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolvePromise();
      });
    });
  } catch (error) {
    await Promise.all([accessLog.close(), eventLog.close()]);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new ServeStartError(
        `Cổng ${options.port} đang được dùng bởi chương trình khác: chọn cổng khác bằng --port.`,
      );
    if (code === "EADDRNOTAVAIL")
      throw new ServeStartError(
        `Máy này không có địa chỉ ${options.host}: dùng --host 0.0.0.0 (mọi địa chỉ) hoặc 127.0.0.1.`,
      );
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  mkdirSync(resolve(options.inboxDir), { recursive: true }); // so the person knows where to drop exports
  const tick = () => {
    watcher.poll();
    // A rebuild for a changed database waits while exports are still arriving: they will bring their own.
    if (watcher.idle() && !updater.busy) updater.checkStale(stableMs);
  };
  tick();
  const timer = setInterval(tick, options.pollMs ?? 2000);

  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  say(`Haumai đang phục vụ dashboard: ${addressesFor(options.host, port).join("  ")}`);
  say(`Hộp thư theo dõi: ${resolve(options.inboxDir)}; nhật ký truy cập: ${join(options.logDir, "access.log")}`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      server.closeIdleConnections();
      // Browsers keep connections open; a page still loading gets a moment, then everything is cut.
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      await updater.stop(); // stops a build; an import under way finishes and closes the database
      await closed;
      clearTimeout(force);
      say("Đã dừng.");
      await Promise.all([accessLog.close(), eventLog.close()]);
    })());
  return { port, url, builds, close };
}

/** The addresses to type in a browser: this machine, and the office network when listening on all interfaces. */
function addressesFor(host: string, port: number): string[] {
  if (host !== "0.0.0.0" && host !== "::") return [`http://${host.includes(":") ? `[${host}]` : host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
  return [`http://127.0.0.1:${port}`, ...lan];
}
