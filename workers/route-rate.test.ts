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
});
