import type { Redis } from 'ioredis';

// Each key is taken when free (with the TTL) or kept when the owner already holds it, all in one atomic step.
const CLAIM_SCRIPT = `
local owned = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'PX', ARGV[2], 'NX') or redis.call('GET', key) == ARGV[1] then
    owned[#owned + 1] = i
  end
end
return owned`;

/**
 * Which send job owns a campaign send (a delivery on the batch path, a message on the one-message path). A batch can
 * meet a delivery that another job also holds (a resumed fan-out queues again what a killed worker's batch still
 * carries); only the owner sends it, and a retried job (same id) finds its own claims, so a message goes out once
 * whichever job gets there first.
 */
export class SendClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** Longer than any batch runs; after it, a message whose job died for good may be claimed by another. */
    private readonly ttlMs: number,
  ) {}

  /** Claims sends for a job; returns the ones it owns (claimed now, or earlier by the same job). */
  async claim(ids: readonly string[], owner: string): Promise<string[]> {
    if (ids.length === 0) return [];
    // One script for the whole batch: a pipelined SET NX and GET per message were a tenth of a blast worker's
    // allocations (ioredis builds and parses each command). Owned positions come back 1-based.
    const owned = (await this.redis.eval(
      CLAIM_SCRIPT,
      ids.length,
      ...ids.map((id) => this.key(id)),
      owner,
      this.ttlMs,
    )) as number[];
    return owned.map((position) => ids[position - 1] ?? '');
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
