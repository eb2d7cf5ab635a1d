import type { Redis } from 'ioredis';

/**
 * Which send job owns a campaign message. A batch can meet a message that another job also holds (a resumed
 * fan-out queues again what a killed worker's batch still carries); only the owner sends it, and a retried job
 * (same id) finds its own claims, so a message goes out once whichever job gets there first.
 */
export class SendClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** Longer than any batch runs; after it, a message whose job died for good may be claimed by another. */
    private readonly ttlMs: number,
  ) {}

  /** Claims messages for a job; returns the ones it owns (claimed now, or earlier by the same job). */
  async claim(messageIds: readonly string[], owner: string): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of messageIds) {
      // SET NX then GET rather than SET NX GET, which needs Redis 7.
      pipeline.set(this.key(id), owner, 'PX', this.ttlMs, 'NX');
      pipeline.get(this.key(id));
    }
    const results = (await pipeline.exec()) ?? [];
    return messageIds.filter((_, i) => results[2 * i + 1]?.[1] === owner);
  }

  /** Hands messages to another job (a single-message retry) so the batch, if run again, leaves them alone. */
  async transfer(messageIds: readonly string[], owner: string): Promise<void> {
    if (messageIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of messageIds) pipeline.set(this.key(id), owner, 'PX', this.ttlMs);
    await pipeline.exec();
  }

  /** Drops claims that no longer matter (the messages are stored as sent). */
  async release(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length > 0) await this.redis.del(...messageIds.map((id) => this.key(id)));
  }

  private key(messageId: string): string {
    return `${this.keyPrefix}:${messageId}`;
  }
}
