import { afterAll, describe, expect, it } from 'vitest';
import { testQueuePrefix, testRedisUrl } from '../test/support/test-redis.js';
import { createRedisConnection } from './redis-connection.js';
import { RouteRate } from './route-rate.js';

describe('RouteRate on real Redis', () => {
  const redis = createRedisConnection(testRedisUrl());
  afterAll(async () => {
    await redis.quit();
  });

  it('allows max sends per window across instances, then says how long to wait', async () => {
    const key = `${testQueuePrefix()}:rate:test`;
    const a = new RouteRate(redis, key, { max: 3, durationMs: 1000 });
    const b = new RouteRate(redis, key, { max: 3, durationMs: 1000 });
    const now = 5_000_250;
    expect([await a.take(now), await b.take(now), await a.take(now)]).toEqual([0, 0, 0]);
    expect(await b.take(now)).toBe(750);
    expect(await a.take(now + 750)).toBe(0);
  });

  it('grants a batch what is left of the window, and nothing more until the next one', async () => {
    const rate = new RouteRate(redis, `${testQueuePrefix()}:rate:batch`, { max: 10, durationMs: 1000 });
    const now = 7_000_100;
    expect(await rate.takeUpTo(4, now)).toEqual({ granted: 4, waitMs: 0 });
    expect(await rate.takeUpTo(8, now)).toEqual({ granted: 6, waitMs: 900 });
    expect(await rate.takeUpTo(3, now + 500)).toEqual({ granted: 0, waitMs: 400 });
    expect(await rate.takeUpTo(3, now + 900)).toEqual({ granted: 3, waitMs: 0 });
  });
});
