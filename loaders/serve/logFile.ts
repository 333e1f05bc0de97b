import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";

/** Vietnam has no daylight saving: its wall time is UTC+7 all year, as the rest of Haumai records times. */
export function vietnamTime(date = new Date()): string {
  return new Date(date.getTime() + 7 * 3600_000).toISOString().replace("Z", "+07:00");
}

/**
 * An append-only text log. When it passes `maxBytes` it is renamed to `<name>.1` (replacing the
 * previous one) so a server left running for years does not fill the disk.
 */
export class LogFile {
  private stream: WriteStream;
  private bytes: number;

  constructor(
    readonly path: string,
    private readonly maxBytes = 20 * 1024 * 1024,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.bytes = existsSync(path) ? statSync(path).size : 0;
    this.stream = createWriteStream(path, { flags: "a" });
  }

  write(line: string): void {
    const text = line.endsWith("\n") ? line : `${line}\n`;
    if (this.bytes > this.maxBytes) {
      this.stream.end();
      renameSync(this.path, `${this.path}.1`);
      this.stream = createWriteStream(this.path, { flags: "a" });
      this.bytes = 0;
    }
    this.bytes += Buffer.byteLength(text);
    this.stream.write(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
