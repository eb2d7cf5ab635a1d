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
    const window = Math.floor(now / this.limit.durationMs);
    const key = `${this.key}:${window}`;
    const results = await this.redis
      .multi()
      .incr(key)
      .pexpire(key, this.limit.durationMs * 2)
      .exec();
    const used = Number(results?.[0]?.[1] ?? 0);
    return used <= this.limit.max ? 0 : (window + 1) * this.limit.durationMs - now;
  }
}
