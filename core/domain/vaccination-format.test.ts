import { describe, expect, it } from 'vitest';
import { slotWindow } from './vaccination-format.js';

describe('slotWindow', () => {
  it('reads the window in Vietnam time, whatever the server zone', () => {
    expect(slotWindow(new Date('2026-11-24T01:00:00Z'), new Date('2026-11-24T03:30:00Z'))).toBe('24/11 08:00-10:30');
    expect(slotWindow(new Date('2026-12-31T17:00:00Z'), new Date('2026-12-31T18:00:00Z'))).toBe('01/01 00:00-01:00');
  });
});
