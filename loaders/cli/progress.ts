/**
 * A one-line progress bar on stderr, only when stderr is a terminal (never in CI logs,
 * pipes or --json output).
 */
export class Progress {
  private readonly enabled: boolean;
  private label = "";
  private lastDraw = 0;

  constructor(enabled = Boolean(process.stderr.isTTY)) {
    this.enabled = enabled;
  }

  start(label: string): void {
    this.label = label;
    this.draw(undefined);
  }

  /** `fraction` in 0..1, or undefined when only the phase is known. */
  update(fraction: number | undefined): void {
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw(fraction);
  }

  private draw(fraction: number | undefined): void {
    if (!this.enabled) return;
    const width = 30;
    const bar =
      fraction === undefined ? "".padEnd(width, "·") : "█".repeat(Math.round(fraction * width)).padEnd(width, "░");
    const percent = fraction === undefined ? "" : ` ${Math.round(fraction * 100)}%`;
    process.stderr.write(`\r\x1b[K${this.label} ${bar}${percent}`);
  }

  done(): void {
    if (this.enabled) process.stderr.write("\r\x1b[K");
  }
}
