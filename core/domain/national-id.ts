/**
 * Vietnamese ID numbers: the 12-digit citizen identity card (CCCD) and the old 9-digit identity card (CMND).
 * A CCCD encodes the birth province (3 digits), the sex and century (1 digit) and the birth year's last two digits.
 */

// Province codes of the CCCD (Circular 07/2016/TT-BCA, 63 provinces and cities).
const PROVINCE_CODES = new Set(
  [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45,
    46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92,
    93, 94, 95, 96,
  ].map((code) => String(code).padStart(3, '0')),
);

export type NationalIdCheck =
  | { ok: true; kind: 'cccd' | 'cmnd'; digits: string }
  | { ok: false; problem: 'length' | 'province' | 'birthYear' };

/** Checks an ID number as typed (spaces, dots and dashes allowed) against the holder's birth year. */
export function checkNationalId(typed: string, birthYear: number): NationalIdCheck {
  const digits = typed.replace(/[\s.-]/g, '');
  if (/^\d{9}$/.test(digits)) return { ok: true, kind: 'cmnd', digits };
  if (!/^\d{12}$/.test(digits)) return { ok: false, problem: 'length' };
  if (!PROVINCE_CODES.has(digits.slice(0, 3))) return { ok: false, problem: 'province' };
  const centuryDigit = Number(digits[3]);
  const year = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(digits.slice(4, 6));
  if (year !== birthYear) return { ok: false, problem: 'birthYear' };
  return { ok: true, kind: 'cccd', digits };
}

/** The ID as it may be shown anywhere: only its last three digits. */
export function maskNationalId(digits: string): string {
  return `${'*'.repeat(Math.max(digits.length - 3, 0))}${digits.slice(-3)}`;
}
