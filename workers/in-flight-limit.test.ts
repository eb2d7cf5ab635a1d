import { describe, expect, it } from 'vitest';
import { InFlightLimit } from './in-flight-limit.js';

describe('InFlightLimit', () => {
  it('lets `size` holders in at once and the others in arrival order as slots free', async () => {
    const limit = new InFlightLimit(2);
    const entered: number[] = [];
    const holders = [1, 2, 3, 4].map((n) => limit.acquire().then(() => entered.push(n)));
    await Promise.resolve();
    await Promise.resolve();
    expect(entered).toEqual([1, 2]);
    limit.release();
    await holders[2];
    expect(entered).toEqual([1, 2, 3]);
    limit.release();
    limit.release();
    await holders[3];
    expect(entered).toEqual([1, 2, 3, 4]);
    limit.release();
    // Every slot is free again: two new holders enter at once.
    await Promise.all([limit.acquire(), limit.acquire()]);
  });
});
