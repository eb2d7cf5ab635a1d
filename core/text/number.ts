import { normalizeAnswer } from './fold.js';

// Digits with optional "." / "," groups. A letter right before the digits disqualifies them: "F0" and "F1" are
// epidemic contact classes and "covid19" is a name, not answers.
const NUMERAL = /(?<![a-z\d.,])\d+(?:[.,]\d+)*/g;

// "38 độ 5" is how a fever of 38.5 °C is said and typed; only accepted when nothing wordy follows,
// so "38 do 2 ngay" (38 degrees for two days) stays two numbers.
const DEGREES_WITH_TENTHS = /(?<![a-z\d])(\d{2}) ?do ?(\d)(?![\d.,]| *[a-z])/g;

// Number words after folding. "khong" (zero) is left out on purpose: on its own it means "no".
const DIGIT_WORDS = new Map([
  ['mot', 1],
  ['hai', 2],
  ['ba', 3],
  ['bon', 4],
  ['tu', 4],
  ['nam', 5],
  ['sau', 6],
  ['bay', 7],
  ['tam', 8],
  ['chin', 9],
]);
const TEN_WORDS = new Set(['muoi', 'chuc']);

// Words that may surround a spelled-out number without changing it: "khoảng bảy mươi tuổi ạ".
const LEADING_FILLERS = new Set(['toi', 'la', 'khoang']);
const TRAILING_FILLERS = new Set(['a', 'tuoi', 'ngay', 'lan', 'nguoi', 'do']);

/** Reads the one number in an answer, from digits ("37,5", "1.000.000", "toi 70 tuoi") or words ("bảy mươi"). */
export function recognizeNumber(input: string): number | undefined {
  const text = normalizeAnswer(input).replace(DEGREES_WITH_TENTHS, '$1.$2');
  const numerals = text.match(NUMERAL) ?? [];
  if (numerals.length === 0) return parseNumberWords(text);
  const values = new Set<number>();
  for (const numeral of numerals) {
    const value = parseNumeral(numeral);
    if (value === undefined) return undefined;
    values.add(value);
  }
  // The same number repeated ("70, 70 tuoi") is still one answer; two different ones are a question back.
  const [only, ...others] = values;
  return others.length === 0 ? only : undefined;
}

function parseNumeral(numeral: string): number | undefined {
  const separators = numeral.match(/[.,]/g) ?? [];
  const groups = numeral.split(/[.,]/);
  const [whole = '', ...rest] = groups;
  if (separators.length === 0) return toNumber(whole);
  if (separators.length === 1) {
    const fraction = rest[0] ?? '';
    // Vietnamese writes a thousand as "1.000"; a three-digit tail after a short leading group is grouping.
    // Either separator is read that way, because nobody answers "1,000" meaning one.
    if (isThousandsGrouping(whole, rest)) return toNumber(whole + fraction);
    return toNumber(`${whole}.${fraction}`);
  }
  const decimalSeparator = separators[separators.length - 1];
  const groupSeparator = separators[0];
  if (separators.every((separator) => separator === groupSeparator)) {
    return isThousandsGrouping(whole, rest) ? toNumber(groups.join('')) : undefined;
  }
  // Mixed separators: "1.000,5" (Vietnamese) or "1,000.5" (English); the last one is the decimal point.
  const fraction = rest[rest.length - 1] ?? '';
  const grouped = rest.slice(0, -1);
  const groupingIsConsistent = separators.slice(0, -1).every((separator) => separator !== decimalSeparator);
  if (!groupingIsConsistent || !isThousandsGrouping(whole, grouped)) return undefined;
  return toNumber(`${whole}${grouped.join('')}.${fraction}`);
}

function isThousandsGrouping(whole: string, groups: readonly string[]): boolean {
  return /^[1-9]\d{0,2}$/.test(whole) && groups.every((group) => group.length === 3);
}

function toNumber(digits: string): number | undefined {
  const value = Number(digits);
  return Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? value : undefined;
}

// Spelled-out numbers are only trusted when they are the whole answer: in a sentence, folded "ba", "nam",
// "sau", "bay", "tu" are also "bà", "nam", "sau", "bây", "từ".
function parseNumberWords(text: string): number | undefined {
  const words = text.split(/[\s.,!?;:]+/).filter((word) => word !== '');
  while (words.length > 1 && LEADING_FILLERS.has(words[0] ?? '')) words.shift();
  while (words.length > 1 && TRAILING_FILLERS.has(words[words.length - 1] ?? '')) words.pop();
  const [first, second, third, ...rest] = words;
  if (first === undefined || rest.length > 0) return undefined;
  if (TEN_WORDS.has(first)) {
    // "mười", "mười một", "mười lăm".
    if (second === undefined) return 10;
    const unit = third === undefined ? unitAfterTens(second) : undefined;
    return unit === undefined ? undefined : 10 + unit;
  }
  const digit = DIGIT_WORDS.get(first);
  if (digit === undefined) return undefined;
  if (second === undefined) return digit;
  // "hai mươi", "bảy mươi hai", "ba chục".
  if (!TEN_WORDS.has(second) || digit < 2) return undefined;
  if (third === undefined) return digit * 10;
  const unit = unitAfterTens(third);
  return unit === undefined ? undefined : digit * 10 + unit;
}

// After a tens word, five is said "lăm" and one "mốt" (which folds to "mot").
function unitAfterTens(word: string): number | undefined {
  return word === 'lam' ? 5 : DIGIT_WORDS.get(word);
}
