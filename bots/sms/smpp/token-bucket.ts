/** A token bucket: `ratePerSecond` tokens a second, at most `capacity` saved up; a pause empties it for a while. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private blockedUntil = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes a token and returns 0, or returns how many ms to wait before one is available. */
  take(): number {
    const now = this.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  /** No tokens for `ms`, then refilling from empty: how to obey an SMSC that said "throttled". */
  pause(ms: number): void {
    this.blockedUntil = this.now() + ms;
    this.tokens = 0;
    this.updatedAt = this.blockedUntil;
  }
}
