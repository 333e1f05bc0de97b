// Runs buildSite in its own process: the build is synchronous and takes tens of seconds, and the
// server must keep answering (with the previous site) meanwhile. Usage: buildChild.ts <db> <outDir>
import { buildSite } from "../report/site.ts";

const [dbPath, outDir] = process.argv.slice(2);
try {
  buildSite(dbPath, outDir);
} catch (error) {
  const { stderr, stdout, message } = error as { stderr?: Buffer; stdout?: Buffer; message: string };
  process.stderr.write(
    `${message}\n${stdout?.toString().slice(-2000) ?? ""}\n${stderr?.toString().slice(-4000) ?? ""}`,
  );
  process.exitCode = 1;
}
