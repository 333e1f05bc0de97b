import { createWriteStream, existsSync, mkdirSync, openSync, renameSync, statSync, type WriteStream } from "node:fs";
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
  private closed = false;

  constructor(
    readonly path: string,
    private readonly maxBytes = 20 * 1024 * 1024,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.bytes = existsSync(path) ? statSync(path).size : 0;
    this.stream = this.open();
  }

  private open(): WriteStream {
    // Opened here, not lazily by the stream: the file exists at once, so rotation can rename it.
    const stream = createWriteStream(this.path, { fd: openSync(this.path, "a") });
    // A full disk or a removed folder loses log lines; it must not bring the dashboard down.
    stream.on("error", (error) => process.stderr.write(`✘ không ghi được nhật ký ${this.path}: ${error.message}\n`));
    return stream;
  }

  write(line: string): void {
    // A request that ends while the server shuts down is not worth a write-after-close error.
    if (this.closed) return;
    const text = line.endsWith("\n") ? line : `${line}\n`;
    if (this.bytes > this.maxBytes) {
      try {
        renameSync(this.path, `${this.path}.1`);
        this.stream.end();
        this.stream = this.open();
        this.bytes = 0;
      } catch {
        // could not rotate (file locked by an editor on Windows): keep appending, try again next line
      }
    }
    this.bytes += Buffer.byteLength(text);
    this.stream.write(text);
  }

  close(): Promise<void> {
    this.closed = true;
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
