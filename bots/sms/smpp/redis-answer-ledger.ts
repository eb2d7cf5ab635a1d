import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AnswerLedger } from './mo-answer-confirmations.js';

// One off each key's count; 1 where there was one to take.
const TAKE = `
local taken = {}
for i, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 1 then redis.call('DECR', key) elseif n == 1 then redis.call('DEL', key) end
  taken[i] = n > 0 and 1 or 0
end
return taken`;

/**
 * The MO answers not yet seen read, in Redis: where several processes hold binds to one SMSC, the redelivery of an
 * answer one process lost may come to another's bind.
 */
export class RedisAnswerLedger implements AnswerLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly keepMs: number,
  ) {}

  async add(key: string): Promise<void> {
    const counter = this.counter(key);
    await this.redis.multi().incr(counter).pexpire(counter, this.keepMs).exec();
  }

  async take(keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const counters = keys.map((key) => this.counter(key));
    const taken = (await this.redis.eval(TAKE, counters.length, ...counters)) as number[];
    return taken.map((one) => one === 1);
  }

  // Hashed: a key holds the message's text.
  private counter(key: string): string {
    return `${this.prefix}:mo-answer:${createHash('sha256').update(key).digest('base64url')}`;
  }
}
