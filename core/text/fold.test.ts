import { describe, expect, it } from 'vitest';
import { foldDiacritics, normalizeAnswer } from './fold.js';

describe('foldDiacritics', () => {
  const cases = [
    { description: 'plain ASCII is unchanged', input: 'Xin chao', expected: 'Xin chao' },
    { description: 'lower-case tones and hats', input: 'không có ạ', expected: 'khong co a' },
    { description: 'keeps upper case', input: 'KHÔNG CÓ', expected: 'KHONG CO' },
    { description: 'đ becomes d', input: 'đồng ý', expected: 'dong y' },
    { description: 'Đ becomes D', input: 'Đà Nẵng', expected: 'Da Nang' },
    { description: 'stacked marks (circumflex + dot)', input: 'Nguyễn Thị Hộ', expected: 'Nguyen Thi Ho' },
    { description: 'horn letters ơ ư', input: 'người ướt mưa', expected: 'nguoi uot mua' },
    { description: 'already decomposed input', input: 'co\u0301', expected: 'co' },
    { description: 'full sentence', input: 'Bạn đã tiêm vắc-xin chưa?', expected: 'Ban da tiem vac-xin chua?' },
    { description: 'digits and punctuation untouched', input: '37,5°C!', expected: '37,5°C!' },
    { description: 'emoji survive', input: 'có 👍', expected: 'co 👍' },
    { description: 'empty string', input: '', expected: '' },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(foldDiacritics(input)).toBe(expected);
  });

  it('folds 5,000 characters', () => {
    expect(foldDiacritics('ố'.repeat(5000))).toBe('o'.repeat(5000));
  });
});

describe('normalizeAnswer', () => {
  const cases = [
    { description: 'lowercases and folds', input: 'KHÔNG', expected: 'khong' },
    { description: 'trims', input: '   có  ', expected: 'co' },
    { description: 'collapses inner whitespace', input: 'đồng    ý', expected: 'dong y' },
    { description: 'collapses tabs and newlines', input: 'có\t\n ạ', expected: 'co a' },
    { description: 'strips trailing sentence punctuation', input: 'Có!!!', expected: 'co' },
    { description: 'strips a question mark', input: 'không?', expected: 'khong' },
    { description: 'strips straight quotes', input: '"vâng"', expected: 'vang' },
    { description: 'strips curly quotes', input: '“Dạ, có”', expected: 'da, co' },
    { description: 'strips mixed punctuation and spaces at both ends', input: ' ..; Ừ ; !', expected: 'u' },
    { description: 'keeps inner punctuation', input: '37,5.', expected: '37,5' },
    { description: 'keeps a decimal point', input: '37.5', expected: '37.5' },
    { description: 'removes zero-width spaces', input: 'c\u200bó', expected: 'co' },
    { description: 'non-breaking space counts as space', input: 'có\u00a0ạ', expected: 'co a' },
    { description: 'only punctuation becomes empty', input: '?!.', expected: '' },
    { description: 'empty string', input: '', expected: '' },
    { description: 'emoji are kept', input: ' 👍 ', expected: '👍' },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });

  it('handles 5,000 characters', () => {
    expect(normalizeAnswer(`  ${'Đ '.repeat(2500)}`)).toBe('d '.repeat(2500).trim());
  });
});
