import { existsSync, statSync } from "node:fs";
import { posix, win32 } from "node:path";
import { chromium, type Browser } from "playwright-core";

export type BrowserLookup =
  { found: true; path: string; via: "HAUMAI_BROWSER" | "install path" | "PATH" } | { found: false; message: string };

/** Environment variables are case-insensitive on Windows (Path, LOCALAPPDATA, LocalAppData…). */
function envValue(
  env: Record<string, string | undefined>,
  name: string,
  platform: NodeJS.Platform,
): string | undefined {
  if (platform !== "win32") return env[name] || undefined;
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return (key && env[key]) || undefined;
}

/** Where Chrome, Edge and Chromium install themselves, in the order we prefer them. */
export function installPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === "win32") {
    const bases = ["ProgramFiles", "ProgramFiles(x86)", "LocalAppData"]
      .map((name) => envValue(env, name, platform))
      .filter((b): b is string => Boolean(b));
    const apps = [
      "Google\\Chrome\\Application\\chrome.exe",
      "Microsoft\\Edge\\Application\\msedge.exe",
      "Chromium\\Application\\chrome.exe",
    ];
    return apps.flatMap((app) => bases.map((base) => win32.join(base, app)));
  }
  if (platform === "darwin") {
    const apps = [
      "Google Chrome.app/Contents/MacOS/Google Chrome",
      "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
      "Chromium.app/Contents/MacOS/Chromium",
    ];
    const home = env.HOME;
    return apps.flatMap((app) => [
      posix.join("/Applications", app),
      ...(home ? [posix.join(home, "Applications", app)] : []),
    ]);
  }
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/microsoft-edge",
    "/usr/bin/microsoft-edge-stable",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/opt/microsoft/msedge/msedge",
  ];
}

const commandNames = (platform: NodeJS.Platform) =>
  platform === "win32"
    ? ["chrome.exe", "msedge.exe", "chromium.exe"]
    : [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "microsoft-edge",
        "microsoft-edge-stable",
      ];

/** What to install, said for the user's system. */
export function notFoundMessage(platform: NodeJS.Platform): string {
  const example =
    platform === "win32"
      ? "set HAUMAI_BROWSER=C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
      : platform === "darwin"
        ? 'export HAUMAI_BROWSER="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"'
        : "export HAUMAI_BROWSER=/usr/bin/chromium";
  const install =
    platform === "linux"
      ? "Cài Google Chrome, Microsoft Edge hoặc Chromium (Debian/Ubuntu: apt-get install -y chromium fonts-dejavu-core)"
      : "Cài Google Chrome hoặc Microsoft Edge";
  return `Không tìm thấy trình duyệt để in báo cáo PDF (cần Google Chrome, Microsoft Edge hoặc Chromium). ${install}, hoặc đặt biến HAUMAI_BROWSER là đường dẫn tới tệp chạy của trình duyệt, ví dụ: ${example}`;
}

/**
 * Find a Chromium-family browser: the HAUMAI_BROWSER variable (a path) first, then the usual install paths of
 * Chrome, Edge and Chromium for the platform, then the commands on PATH. Pure: the file system is `exists`.
 */
export function findBrowser(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean,
): BrowserLookup {
  const chosen = envValue(env, "HAUMAI_BROWSER", platform);
  if (chosen) {
    // A path the user set and got wrong is reported, not replaced by another browser behind their back.
    if (exists(chosen)) return { found: true, path: chosen, via: "HAUMAI_BROWSER" };
    return {
      found: false,
      message: `Biến HAUMAI_BROWSER trỏ tới ${chosen}, nhưng không có tệp chạy nào ở đó. Sửa đường dẫn, hoặc bỏ biến này để Haumai tự tìm Google Chrome, Microsoft Edge hoặc Chromium.`,
    };
  }
  const installed = installPaths(platform, env).find(exists);
  if (installed) return { found: true, path: installed, via: "install path" };
  const join = platform === "win32" ? win32.join : posix.join;
  const dirs = (envValue(env, "PATH", platform) ?? "").split(platform === "win32" ? ";" : ":").filter(Boolean);
  for (const name of commandNames(platform)) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (exists(path)) return { found: true, path, via: "PATH" };
    }
  }
  return { found: false, message: notFoundMessage(platform) };
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** The browser on this machine, looked up once. */
export const browser: BrowserLookup = findBrowser(process.platform, process.env, isFile);
export const chromiumPath: string | undefined = browser.found ? browser.path : undefined;
export const hasChromium = browser.found;

const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/**
 * The browser found above, headless, with the flags a closed network needs. When none was found, Playwright's
 * own channels ("chrome", "msedge") get a last try; failing that the error says what to install.
 */
export async function launchChromium(): Promise<Browser> {
  if (browser.found) return chromium.launch({ executablePath: browser.path, args });
  if (process.env.HAUMAI_BROWSER) throw new Error(browser.message);
  for (const channel of ["chrome", "msedge"]) {
    try {
      return await chromium.launch({ channel, args });
    } catch {
      // not installed where Playwright looks either; try the next one
    }
  }
  throw new Error(browser.message);
}
