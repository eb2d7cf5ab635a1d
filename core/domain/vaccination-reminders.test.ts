import { describe, expect, it } from 'vitest';
import { plannedReminders, type ReminderInput } from './vaccination-reminders.js';

const slot = new Date('2026-11-25T02:00:00Z'); // 09:00 in Vietnam on 25/11
const booked: ReminderInput = { status: 'booked', startsAt: slot, doneAt: null, dose: 1, nextDoseDays: 84 };
const iso = (planned: Map<string, Date>) => Object.fromEntries([...planned].map(([k, v]) => [k, v.toISOString()]));

describe('plannedReminders', () => {
  it.each([
    {
      description: 'a booking made days ahead: the day before at 08:00 and 2 hours before',
      input: booked,
      now: new Date('2026-11-22T03:00:00Z'),
      expected: { dayBefore: '2026-11-24T01:00:00.000Z', twoHours: '2026-11-25T00:00:00.000Z' },
    },
    {
      description: 'a booking made the evening before: only 2 hours before',
      input: booked,
      now: new Date('2026-11-24T13:00:00Z'),
      expected: { twoHours: '2026-11-25T00:00:00.000Z' },
    },
    {
      description: 'a slot just after midnight in Vietnam (still the previous UTC day)',
      input: { ...booked, startsAt: new Date('2026-11-24T17:30:00Z') },
      now: new Date('2026-11-20T00:00:00Z'),
      expected: { dayBefore: '2026-11-24T01:00:00.000Z', twoHours: '2026-11-24T15:30:00.000Z' },
    },
    {
      description: 'a first dose given: follow-ups on day 1 and 7 at 09:00, next dose after 84 days at 08:00',
      input: { ...booked, status: 'done' as const, doneAt: new Date('2026-11-25T03:00:00Z') },
      now: new Date('2026-11-25T03:00:00Z'),
      expected: {
        followup1: '2026-11-26T02:00:00.000Z',
        followup7: '2026-12-02T02:00:00.000Z',
        nextDose: '2027-02-17T01:00:00.000Z',
      },
    },
    {
      description: 'a booster given: follow-ups only',
      input: { ...booked, status: 'done' as const, dose: 3, doneAt: new Date('2026-11-25T03:00:00Z') },
      now: new Date('2026-11-25T03:00:00Z'),
      expected: { followup1: '2026-11-26T02:00:00.000Z', followup7: '2026-12-02T02:00:00.000Z' },
    },
    {
      description: 'a cancelled booking: nothing',
      input: { ...booked, status: 'cancelled' as const },
      now: new Date('2026-11-22T03:00:00Z'),
      expected: {},
    },
    {
      description: 'a no-show: nothing',
      input: { ...booked, status: 'no_show' as const },
      now: new Date('2026-11-22T03:00:00Z'),
      expected: {},
    },
  ])('$description', ({ input, now, expected }) => {
    expect(iso(plannedReminders(input, now))).toEqual(expected);
  });
});
