import { describe, expect, it } from 'vitest';
import { UnrecordedSends } from './unrecorded-sends.js';

const timeout = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
const taken = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });

describe('UnrecordedSends', () => {
  it('keeps what the database failed to store until forgotten, at most its capacity, dropping the oldest', () => {
    const sends = new UnrecordedSends<string>(2);
    sends.storeFailed('a', 'smsc-1', timeout);
    sends.storeFailed('b', 'smsc-2', new Error('Connection terminated unexpectedly'));
    // Failed again: now the newest, so it outlives b.
    sends.storeFailed('a', 'smsc-3', timeout);
    sends.storeFailed('c', 'smsc-4', timeout);
    expect([sends.get('a'), sends.get('b'), sends.get('c')]).toEqual(['smsc-3', undefined, 'smsc-4']);
    sends.forget(['a', 'unknown']);
    expect(sends.get('a')).toBeUndefined();
    expect(sends.get('c')).toBe('smsc-4');
  });

  it('lets go of a send whose row the database refused, kept before or not', () => {
    const sends = new UnrecordedSends<string>(10);
    sends.storeFailed('a', 'smsc-1', timeout);
    sends.storeFailed('a', 'smsc-1', taken);
    sends.storeFailed('b', 'smsc-2', taken);
    expect([sends.get('a'), sends.get('b')]).toEqual([undefined, undefined]);
  });
});
