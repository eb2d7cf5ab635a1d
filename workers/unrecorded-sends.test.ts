import { describe, expect, it } from 'vitest';
import { UnrecordedSends } from './unrecorded-sends.js';

describe('UnrecordedSends', () => {
  it('keeps sends until forgotten, at most its capacity, dropping the oldest', () => {
    const sends = new UnrecordedSends<string>(2);
    sends.keep('a', 'smsc-1');
    sends.keep('b', 'smsc-2');
    // Kept again: now the newest, so it outlives b.
    sends.keep('a', 'smsc-3');
    sends.keep('c', 'smsc-4');
    expect([sends.get('a'), sends.get('b'), sends.get('c')]).toEqual(['smsc-3', undefined, 'smsc-4']);
    sends.forget(['a', 'unknown']);
    expect(sends.get('a')).toBeUndefined();
    expect(sends.get('c')).toBe('smsc-4');
  });
});
