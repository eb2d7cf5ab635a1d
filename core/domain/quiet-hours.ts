/** Quiet hours in Vietnam time, e.g. 21:00–07:00: routine messages wait for the morning, urgent alerts do not. */
export interface QuietHours {
  startHour: number;
  endHour: number;
}

const VIETNAM_OFFSET_MS = 7 * 3600_000; // Asia/Ho_Chi_Minh has no daylight saving: a fixed UTC+7.

function vietnamHour(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCHours();
}

/** True when `at` falls inside the quiet hours (which may wrap midnight). */
export function isQuiet(at: Date, quiet: QuietHours): boolean {
  const hour = vietnamHour(at);
  return quiet.startHour <= quiet.endHour
    ? hour >= quiet.startHour && hour < quiet.endHour
    : hour >= quiet.startHour || hour < quiet.endHour;
}

/** The earliest moment at or after `at` when a routine message may go out. */
export function nextSendableTime(at: Date, quiet: QuietHours): Date {
  if (!isQuiet(at, quiet)) return at;
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const end = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), quiet.endHour));
  if (end.getTime() <= local.getTime()) end.setUTCDate(end.getUTCDate() + 1);
  return new Date(end.getTime() - VIETNAM_OFFSET_MS);
}
