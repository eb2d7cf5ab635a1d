// NFD splits a precomposed letter such as "ộ" into "o" plus its combining marks; the marks all live in this block.
const COMBINING_MARKS = /[\u0300-\u036f]/g;

// Zero-width characters arrive from copy-pasted Zalo text and would otherwise stop exact matches.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

// Quotes and sentence punctuation people add around a one-word answer ("Có!", "“không”", "37,5.").
const EDGE_PUNCTUATION = /^[\s.,!?;:'"`“”‘’«»…]+|[\s.,!?;:'"`“”‘’«»…]+$/g;

/** Removes Vietnamese diacritics (and any other combining marks) while keeping letter case. */
export function foldDiacritics(text: string): string {
  // "đ" is a letter of its own, not "d" plus a mark, so NFD leaves it alone; map it by hand.
  // NFC at the end recomposes anything outside Vietnamese that lost nothing but was still decomposed.
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Folds, lowercases and tidies a free-text answer so recognisers can compare it with plain ASCII words. */
export function normalizeAnswer(text: string): string {
  return foldDiacritics(text).replace(INVISIBLE, '').toLowerCase().replace(/\s+/g, ' ').replace(EDGE_PUNCTUATION, '');
}
