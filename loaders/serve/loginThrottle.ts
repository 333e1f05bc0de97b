/**
 * Slows down password guessing from one address: every failure is answered after a delay, and
 * `maxFailures` failures within `windowMs` lock that address out for `lockMs`.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { times: number[]; lockedUntil: number }>();

  constructor(
    readonly options: { maxFailures: number; windowMs: number; lockMs: number; failureDelayMs: number } = {
      maxFailures: 5,
      windowMs: 15 * 60_000,
      lockMs: 15 * 60_000,
      failureDelayMs: 1000,
    },
  ) {}

  /** Milliseconds the address must still wait, or 0. */
  lockedFor(address: string): number {
    const entry = this.failures.get(address);
    return entry ? Math.max(0, entry.lockedUntil - Date.now()) : 0;
  }

  /** Record a failure; resolves after the delay so a guesser gets at most one answer per delay. */
  async fail(address: string): Promise<void> {
    const now = Date.now();
    const entry = this.failures.get(address) ?? { times: [], lockedUntil: 0 };
    entry.times = [...entry.times.filter((t) => now - t < this.options.windowMs), now];
    if (entry.times.length >= this.options.maxFailures) {
      entry.lockedUntil = now + this.options.lockMs;
      entry.times = [];
    }
    this.failures.set(address, entry);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
    await new Promise((resolve) => setTimeout(resolve, this.options.failureDelayMs));
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
