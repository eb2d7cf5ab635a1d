import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L, 5/S, 2/Z: a code read aloud over the phone or typed from an SMS must not be misread.
const ALPHABET = '346789ABCDEFGHJKMNPQRTUVWXY';
const LENGTH = 8;
/** How long a declaration receipt proves anything. */
export const RECEIPT_VALIDITY_MS = 24 * 3600 * 1000;

/** A fresh random receipt code (27^8 ≈ 2.8e11 codes: unguessable within a receipt's day). */
export function newReceiptCode(): string {
  return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** The code as typed by someone: case and spaces or dashes do not matter. */
export function normalizeReceiptCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return code.length === LENGTH && [...code].every((char) => ALPHABET.includes(char)) ? code : undefined;
}

/** "Nguyễn Văn An" → "N*** V** An": enough for staff to match a face, not enough to read a name off a screen. */
export function maskName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  return words
    .map((word, index) => (index === words.length - 1 ? word : `${word[0]}${'*'.repeat(word.length - 1)}`))
    .join(' ');
}
