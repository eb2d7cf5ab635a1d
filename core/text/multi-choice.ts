import { normalizeAnswer } from './fold.js';

/** One option of a "pick several" question: its value and the folded words that name it ("mi goi", "noodles"). */
export interface MultiChoiceOption<T extends string> {
  readonly value: T;
  readonly words: readonly string[];
}

export type MultiChoiceResult<T> = { ok: true; values: T[] } | { ok: false; unknown: string };

// Joining words and punctuation between picks: "1, 3 va 5", "gạo + sữa", "rice and milk".
const SEPARATORS = /[,;+/&.]|\b(?:va|and|voi|with)\b/g;

/**
 * Reads several picks from one answer — numbers ("1 3", "1,3", "13" when every digit is an option), option words
 * ("gạo, sữa", "mi goi dau an") or both — in the options' order, each once. The first word that names no option is
 * returned so the re-ask can quote it.
 */
export function recognizeMultiChoice<T extends string>(
  input: string,
  options: readonly MultiChoiceOption<T>[],
): MultiChoiceResult<T> {
  const words = normalizeAnswer(input).replace(SEPARATORS, ' ').split(' ').filter(Boolean);
  if (words.length === 0) return { ok: false, unknown: '' };
  const phrases = options.flatMap((option) =>
    option.words.map((phrase) => ({ value: option.value, words: phrase.split(' ') })),
  );
  // Longest phrase first, so "mi goi" is one pick and not "mi" plus an unknown "goi".
  phrases.sort((a, b) => b.words.length - a.words.length);
  const picked = new Set<T>();
  for (let i = 0; i < words.length; ) {
    const word = words[i] ?? '';
    const numbered = /^\d+$/.test(word) ? byNumber(word, options) : undefined;
    if (numbered) {
      for (const value of numbered) picked.add(value);
      i += 1;
      continue;
    }
    const phrase = phrases.find((p) => p.words.every((w, k) => words[i + k] === w));
    if (!phrase) return { ok: false, unknown: word };
    picked.add(phrase.value);
    i += phrase.words.length;
  }
  return { ok: true, values: options.map((o) => o.value).filter((value) => picked.has(value)) };
}

// "3" is option 3; "135" typed without spaces on a phone keypad is 1, 3 and 5 when there are fewer than 10 options.
function byNumber<T extends string>(digits: string, options: readonly MultiChoiceOption<T>[]): T[] | undefined {
  const whole = options[Number(digits) - 1];
  if (whole) return [whole.value];
  if (options.length >= 10) return undefined;
  const each = [...digits].map((digit) => options[Number(digit) - 1]);
  return each.every((option) => option !== undefined) ? each.map((option) => option.value) : undefined;
}
