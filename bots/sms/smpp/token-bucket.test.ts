import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('spends its capacity, then says how long until the next token', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 200]);
    now = 200;
    expect([bucket.take(), bucket.take()]).toEqual([0, 200]);
  });

  it('saves up no more than its capacity', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 1, () => now);
    now = 10_000;
    expect([bucket.take(), bucket.take()]).toEqual([0, 100]);
  });

  it('gives nothing during a pause, then refills from empty', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    bucket.pause(1_000);
    now = 500;
    expect(bucket.take()).toBe(500);
    now = 1_000;
    expect(bucket.take()).toBe(100);
    now = 1_100;
    expect(bucket.take()).toBe(0);
  });
});
