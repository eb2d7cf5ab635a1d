import type { RegistrationStatus } from '../db/schema.js';
import { addDays, vietnamDate } from './vietnam-date.js';

export const REMINDER_KINDS = ['dayBefore', 'twoHours', 'followup1', 'followup7', 'nextDose'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** What a registration's timed messages depend on. */
export interface ReminderInput {
  status: RegistrationStatus;
  startsAt: Date;
  doneAt: Date | null;
  dose: number;
  /** Days until the next dose of this slot's vaccine; undefined when the vaccine is no longer configured. */
  nextDoseDays: number | undefined;
}

/** The last dose we offer (the booster); no next-dose reminder after it. */
const LAST_DOSE = 3;

/** Vietnam has no daylight saving: a wall-clock time there is a fixed UTC+7 instant. */
function vietnamTime(isoDate: string, time: string): Date {
  return new Date(`${isoDate}T${time}:00+07:00`);
}

/**
 * The timed messages a registration should have, by status: a booking is reminded the day before at 08:00 and 2 hours
 * before; a shot is followed up on day 1 and day 7 (09:00) and the next dose is announced after the vaccine's interval
 * (08:00). Times already past are left out; cancelled and no-show registrations have none.
 */
export function plannedReminders(input: ReminderInput, now: Date): Map<ReminderKind, Date> {
  const planned = new Map<ReminderKind, Date>();
  if (input.status === 'booked') {
    planned.set('dayBefore', vietnamTime(addDays(vietnamDate(input.startsAt), -1), '08:00'));
    planned.set('twoHours', new Date(input.startsAt.getTime() - 2 * 3_600_000));
  } else if (input.status === 'done' && input.doneAt) {
    const day = vietnamDate(input.doneAt);
    planned.set('followup1', vietnamTime(addDays(day, 1), '09:00'));
    planned.set('followup7', vietnamTime(addDays(day, 7), '09:00'));
    if (input.dose < LAST_DOSE && input.nextDoseDays !== undefined) {
      planned.set('nextDose', vietnamTime(addDays(day, input.nextDoseDays), '08:00'));
    }
  }
  for (const [kind, at] of planned) if (at <= now) planned.delete(kind);
  return planned;
}
