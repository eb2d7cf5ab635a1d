import { normalizeAnswer } from './fold.js';

// Days relative to `today`, keyed by the folded phrase.
const RELATIVE_DAYS = new Map([
  ['hom nay', 0],
  ['today', 0],
  ['hom qua', -1],
  ['yesterday', -1],
  ['ngay mai', 1],
  ['tomorrow', 1],
]);

// Words that wrap a date without changing it: "từ hôm qua", "vào ngày 12/3", "hôm qua ạ".
const LEADING_FILLERS = new Set(['tu', 'vao', 'ngay']);
const TRAILING_FILLERS = new Set(['a', 'roi']);

// Day first, as Vietnam writes it; the separator must repeat ("12/3-2024" is not a date).
const DAY_MONTH_YEAR = /^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/;
const YEAR_MONTH_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// "12 tháng 3 năm 2024", the spoken form people also type.
const SPOKEN = /^(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}|\d{2}))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Outside this range a typed year is a typo, and Date.UTC treats years below 100 as 19xx.
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** Reads a date answer ("12/3/2024", "hôm qua", "2024-03-12") relative to `today` (YYYY-MM-DD); returns YYYY-MM-DD. */
export function recognizeDate(input: string, today: string): string | undefined {
  const base = parseIsoDate(today);
  if (base === undefined) throw new RangeError(`today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
  const words = normalizeAnswer(input)
    .replace(/ *([/-]) */g, '$1')
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && TRAILING_FILLERS.has(words[words.length - 1] ?? '')) words.pop();
  // Fillers are peeled one at a time because "ngay" is both a filler ("ngày 12/3") and part of "ngày mai".
  for (;;) {
    const date = readDate(words.join(' '), base);
    if (date !== undefined || words.length < 2 || !LEADING_FILLERS.has(words[0] ?? '')) return date;
    words.shift();
  }
}

function readDate(answer: string, base: CalendarDay): string | undefined {
  const offset = RELATIVE_DAYS.get(answer);
  if (offset !== undefined) return addDays(base, offset);
  const dayFirst = DAY_MONTH_YEAR.exec(answer);
  if (dayFirst !== null) return calendarDate(yearOf(dayFirst[4], base.year), Number(dayFirst[3]), Number(dayFirst[1]));
  const yearFirst = YEAR_MONTH_DAY.exec(answer);
  if (yearFirst !== null) return calendarDate(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  const spoken = SPOKEN.exec(answer);
  if (spoken !== null) return calendarDate(yearOf(spoken[3], base.year), Number(spoken[2]), Number(spoken[1]));
  return undefined;
}

interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

// A missing year means this year; two digits mean 20yy, as the dialogs ask about recent events.
function yearOf(typed: string | undefined, currentYear: number): number {
  if (typed === undefined) return currentYear;
  return typed.length === 2 ? 2000 + Number(typed) : Number(typed);
}

function parseIsoDate(iso: string): CalendarDay | undefined {
  const match = ISO_DATE.exec(iso);
  if (match === null) return undefined;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return calendarDate(day.year, day.month, day.day) === undefined ? undefined : day;
}

function calendarDate(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return formatIso(year, month, day);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

// Date.UTC does the month and year carry-over without ever consulting the machine's time zone.
function addDays(base: CalendarDay, days: number): string {
  const shifted = new Date(Date.UTC(base.year, base.month - 1, base.day + days));
  return formatIso(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

function formatIso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
