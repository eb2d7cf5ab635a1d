const VIETNAM_DAY_MONTH = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
});
const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A slot's window as read in Vietnam, short enough for an SMS line: "24/11 08:00-10:00". */
export function slotWindow(startsAt: Date, endsAt: Date): string {
  return `${VIETNAM_DAY_MONTH.format(startsAt)} ${VIETNAM_TIME.format(startsAt)}-${VIETNAM_TIME.format(endsAt)}`;
}
