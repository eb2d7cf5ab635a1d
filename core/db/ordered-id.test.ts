import { describe, expect, it } from 'vitest';
import { UUID_V7 } from '../../test/support/uuid-v7.js';
import { orderedUuid } from './ordered-id.js';

describe('orderedUuid', () => {
  it('is a version 7 UUID whose text sorts by the time it was made, and never repeats', () => {
    const times = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2_000_000_000_000];
    const ids = times.map((time) => orderedUuid(time));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]?.slice(0, 13)).toBe('018bcfe5-6800');
    const many = Array.from({ length: 20_000 }, () => orderedUuid(1_700_000_000_000));
    expect(new Set(many).size).toBe(many.length);
  });
});
