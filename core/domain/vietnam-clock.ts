const VIETNAM_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  hourCycle: 'h23',
});

/** "HH:MM" and "DD/MM" of an instant in Vietnam, as receipts and alerts print them. */
export function vietnamClock(at: Date): { time: string; date: string } {
  const parts = Object.fromEntries(VIETNAM_CLOCK.formatToParts(at).map((part) => [part.type, part.value]));
  return { time: `${parts.hour}:${parts.minute}`, date: `${parts.day}/${parts.month}` };
}
