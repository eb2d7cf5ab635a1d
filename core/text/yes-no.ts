import { normalizeAnswer } from './fold.js';

// Phrases are compared after normalizeAnswer, so "có", "CÓ" and "co" are the same entry.
// Multi-word phrases are whole entries on purpose: "khong co" must not be read as containing "co".
const YES = new Set([
  'co',
  'c',
  'yes',
  'y',
  '1',
  'ok',
  'oke',
  'okay',
  'oki',
  'okie',
  'dong y',
  'vang',
  'u',
  'uh',
  'uk',
  'um',
  'uhm',
  'roi',
  'co roi',
  'phai',
  'dung',
  'dung roi',
  'dung vay',
  'co chu',
]);

// "k", "kg", "hk", "ko" are how Vietnamese phone users abbreviate "không"; "hong"/"hok"/"khum" are spoken variants.
const NO = new Set([
  'khong',
  'ko',
  'k',
  'kg',
  'kh',
  'khg',
  'hk',
  'hok',
  'hong',
  'khum',
  'no',
  'n',
  '2',
  'chua',
  'chua co',
  'khong co',
  'ko co',
  'k co',
  'khong phai',
  'ko phai',
  'khong dong y',
  'khong dung',
  'sai',
  'sai roi',
]);

// Politeness words that wrap an answer without changing it: "dạ có", "có ạ", "không nhé".
const LEADING_POLITE = new Set(['da', 'thua']);
const TRAILING_POLITE = new Set(['a', 'ah', 'nhe', 'nha', 'nhen']);

// Long messages are stories, not yes/no answers; skip the work and return undefined.
const MAX_ANSWER_LENGTH = 40;

/** Reads a yes/no answer typed with or without diacritics; undefined when it is neither or both. */
export function recognizeYesNo(input: string): boolean | undefined {
  if (input.length > MAX_ANSWER_LENGTH * 4) return undefined;
  const words = normalizeAnswer(input)
    .replace(/[.,!?;:'"…]+/g, ' ')
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && LEADING_POLITE.has(words[0] ?? '')) words.shift();
  while (words.length > 1 && TRAILING_POLITE.has(words[words.length - 1] ?? '')) words.pop();
  const phrase = words.join(' ');
  if (phrase.length > MAX_ANSWER_LENGTH) return undefined;
  if (YES.has(phrase)) return true;
  if (NO.has(phrase)) return false;
  return undefined;
}
