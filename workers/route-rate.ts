import type { Redis } from 'ioredis';

/**
 * A provider's send rate shared by every worker process of one route: a fixed-window counter in Redis.
 * BullMQ's own limiter counts every job it starts, including jobs that only defer themselves behind a person's
 * earlier message; this one counts sends.
 */
export class RouteRate {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly limit: { max: number; durationMs: number },
  ) {}

  /** Takes one send from the current window; 0 when allowed, else how many ms until the next window opens. */
  async take(now = Date.now()): Promise<number> {
    const { granted, waitMs } = await this.takeUpTo(1, now);
    return granted === 1 ? 0 : waitMs;
  }

  /**
   * Takes up to `wanted` sends from the current window in one round trip (a batch of a campaign): how many were
   * granted, and when fewer, how many ms until the next window opens.
   */
  async takeUpTo(wanted: number, now = Date.now()): Promise<{ granted: number; waitMs: number }> {
    const window = Math.floor(now / this.limit.durationMs);
    const key = `${this.key}:${window}`;
    const results = await this.redis
      .multi()
      .incrby(key, wanted)
      .pexpire(key, this.limit.durationMs * 2)
      .exec();
    const used = Number(results?.[0]?.[1] ?? 0);
    const granted = Math.max(0, Math.min(wanted, this.limit.max - (used - wanted)));
    return { granted, waitMs: granted === wanted ? 0 : (window + 1) * this.limit.durationMs - now };
  }
}
