// `npm run dev`: Framework's preview, plus a watcher that makes the pages show a new ingest without a restart.
// Framework reruns a data loader only when the loader file is newer than its cached output, so when the
// database changes the watcher touches the loader files (see touchLoaders).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { resolveDbPath } from "../warehouse/database.ts";
import { prepareSite, projectRoot, siteRoot, touchLoaders, withLocalBin } from "./frameworkCache.ts";
import { watchDatabase } from "./watchDatabase.ts";

const root = siteRoot();
prepareSite(root);
const dbPath = resolveDbPath();
const observable = join(projectRoot, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
const env = withLocalBin(process.env);
const preview = spawn(process.execPath, [observable, "preview", "--no-open", ...process.argv.slice(2)], {
  cwd: projectRoot,
  env,
  stdio: "inherit",
});
const stop = watchDatabase(dbPath, () => {
  const touched = touchLoaders(root);
  process.stdout.write(`Cơ sở dữ liệu đã thay đổi (${dbPath}): ${touched.length} data loader sẽ chạy lại.\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => preview.kill(signal));
preview.on("exit", (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
