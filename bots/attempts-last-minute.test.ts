import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '../test/support/redis-keys.js';
import { testQueuePrefix, testRedisUrl } from '../test/support/test-redis.js';
import { countAttemptLastMinute } from './attempts-last-minute.js';

let redis: Redis;
const prefix = testQueuePrefix();
beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
});

describe('countAttemptLastMinute', () => {
  it('counts attempts across the turn of a clock minute, so the limit holds for any sixty seconds', async () => {
    const key = `${prefix}:straddle`;
    const minute = 60_000 * 29_000_000;
    const counts = [];
    for (const at of [minute - 300, minute - 200, minute + 100, minute + 200]) {
      counts.push(await countAttemptLastMinute(redis, key, 3, at));
    }
    expect(counts).toEqual([1, 2, 3, 4]);
  });

  it('refuses past the limit without storing refusals, and opens a minute after the attempts that filled it', async () => {
    const key = `${prefix}:slide`;
    const t0 = 1_000_000;
    expect(await countAttemptLastMinute(redis, key, 2, t0)).toBe(1);
    expect(await countAttemptLastMinute(redis, key, 2, t0 + 10_000)).toBe(2);
    expect(await countAttemptLastMinute(redis, key, 2, t0 + 20_000)).toBe(3);
    expect(await countAttemptLastMinute(redis, key, 2, t0 + 30_000)).toBe(4);
    expect(await countAttemptLastMinute(redis, key, 2, t0 + 50_000)).toBe(4);
    // The first attempt has left the window; the refusals at 30 s and 50 s were never counted, the one at 20 s was.
    expect(await countAttemptLastMinute(redis, key, 2, t0 + 60_001)).toBe(3);
    expect(await countAttemptLastMinute(redis, key, 2, t0 + 80_001)).toBe(2);
    expect(await redis.zcard(key)).toBe(2);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('keeps each key apart', async () => {
    expect(await countAttemptLastMinute(redis, `${prefix}:a`, 1, 5_000)).toBe(1);
    expect(await countAttemptLastMinute(redis, `${prefix}:b`, 1, 5_000)).toBe(1);
    expect(await countAttemptLastMinute(redis, `${prefix}:a`, 1, 5_001)).toBe(2);
  });
});
