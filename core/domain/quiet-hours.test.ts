import { describe, expect, it } from 'vitest';
import { isQuiet, nextSendableTime } from './quiet-hours.js';

const night = { startHour: 21, endHour: 7 };

describe('quiet hours (Asia/Ho_Chi_Minh)', () => {
  it.each([
    { description: '20:59 local is open', at: '2026-11-22T13:59:00Z', quiet: false, next: '2026-11-22T13:59:00Z' },
    {
      description: '21:00 local is quiet until 07:00 next day',
      at: '2026-11-22T14:00:00Z',
      quiet: true,
      next: '2026-11-23T00:00:00Z',
    },
    {
      description: '23:30 local waits for 07:00',
      at: '2026-11-22T16:30:00Z',
      quiet: true,
      next: '2026-11-23T00:00:00Z',
    },
    {
      description: '02:00 local waits for 07:00 the same day',
      at: '2026-11-22T19:00:00Z',
      quiet: true,
      next: '2026-11-23T00:00:00Z',
    },
    {
      description: '06:59 local waits one minute',
      at: '2026-11-22T23:59:00Z',
      quiet: true,
      next: '2026-11-23T00:00:00Z',
    },
    { description: '07:00 local is open', at: '2026-11-23T00:00:00Z', quiet: false, next: '2026-11-23T00:00:00Z' },
  ])('$description', ({ at, quiet, next }) => {
    expect(isQuiet(new Date(at), night)).toBe(quiet);
    expect(nextSendableTime(new Date(at), night).toISOString()).toBe(new Date(next).toISOString());
  });

  it('handles a window that does not wrap midnight', () => {
    const lunch = { startHour: 12, endHour: 13 };
    expect(isQuiet(new Date('2026-11-22T05:30:00Z'), lunch)).toBe(true);
    expect(nextSendableTime(new Date('2026-11-22T05:30:00Z'), lunch).toISOString()).toBe('2026-11-22T06:00:00.000Z');
  });
});
