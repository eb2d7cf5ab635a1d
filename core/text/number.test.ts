import { describe, expect, it } from 'vitest';
import { recognizeNumber } from './number.js';

describe('recognizeNumber', () => {
  const numbers = [
    { description: 'an integer', input: '70', expected: 70 },
    { description: 'zero', input: '0', expected: 0 },
    { description: 'a year', input: '1950', expected: 1950 },
    { description: 'decimal comma', input: '37,5', expected: 37.5 },
    { description: 'decimal point', input: '37.5', expected: 37.5 },
    { description: 'decimal with trailing dot', input: '38,2.', expected: 38.2 },
    { description: 'two decimal places', input: '36,85', expected: 36.85 },
    { description: 'leading zero decimal', input: '0,500', expected: 0.5 },
    { description: 'thousand with a dot', input: '1.000', expected: 1000 },
    { description: 'thousand with a comma', input: '2,500', expected: 2500 },
    { description: 'million with dots', input: '1.000.000', expected: 1000000 },
    { description: 'million with commas', input: '1,000,000', expected: 1000000 },
    { description: 'Vietnamese grouping with decimal', input: '1.234,5', expected: 1234.5 },
    { description: 'English grouping with decimal', input: '1,234.5', expected: 1234.5 },
    { description: 'year after a word', input: 'nam 1950', expected: 1950 },
    { description: 'year after a word with diacritics', input: 'Năm 1950', expected: 1950 },
    { description: 'age in a sentence', input: 'toi 70 tuoi', expected: 70 },
    { description: 'age with diacritics and polite ending', input: 'Tôi 70 tuổi ạ', expected: 70 },
    { description: 'number glued to a unit', input: '70tuoi', expected: 70 },
    { description: 'temperature with unit', input: '38,5 độ', expected: 38.5 },
    { description: 'temperature said as "38 độ 5"', input: '38 độ 5', expected: 38.5 },
    { description: 'temperature typed as "37do2"', input: '37do2', expected: 37.2 },
    {
      description: 'words that look like numbers are ignored beside digits',
      input: 'ba tôi sinh năm 1950',
      expected: 1950,
    },
    { description: 'same number twice', input: '70, 70 tuoi', expected: 70 },
    { description: 'extra spaces', input: '   42   ', expected: 42 },
    { description: 'word mot', input: 'mot', expected: 1 },
    { description: 'word một', input: 'một', expected: 1 },
    { description: 'word hai', input: 'HAI', expected: 2 },
    { description: 'word ba', input: 'ba', expected: 3 },
    { description: 'word bon', input: 'bon', expected: 4 },
    { description: 'word bốn', input: 'bốn', expected: 4 },
    { description: 'word tu', input: 'tư', expected: 4 },
    { description: 'word nam', input: 'nam', expected: 5 },
    { description: 'word năm', input: 'năm', expected: 5 },
    { description: 'word sau', input: 'sáu', expected: 6 },
    { description: 'word bay', input: 'bay', expected: 7 },
    { description: 'word tam', input: 'tám', expected: 8 },
    { description: 'word chin', input: 'chín', expected: 9 },
    { description: 'word muoi', input: 'muoi', expected: 10 },
    { description: 'word mười', input: 'Mười', expected: 10 },
    { description: 'mười lăm', input: 'mười lăm', expected: 15 },
    { description: 'muoi mot', input: 'muoi mot', expected: 11 },
    { description: 'hai mươi', input: 'hai mươi', expected: 20 },
    { description: 'bảy mươi hai tuổi', input: 'bảy mươi hai tuổi', expected: 72 },
    { description: 'hai muoi mot', input: 'hai muoi mot', expected: 21 },
    { description: 'ba chục', input: 'ba chục', expected: 30 },
    { description: 'word with polite ending', input: 'ba ạ', expected: 3 },
    { description: 'word with filler words', input: 'khoảng năm người', expected: 5 },
  ];
  const notNumbers = [
    { description: 'empty string', input: '' },
    { description: 'only spaces', input: '   ' },
    { description: 'khong means no, not zero', input: 'không' },
    { description: 'khong without diacritics', input: 'khong' },
    { description: 'two different numbers', input: '37 hoac 38' },
    { description: 'a range', input: '70-75' },
    { description: 'a date', input: '12/3/1950' },
    { description: 'a version-like dotted number', input: '1.2.3' },
    { description: 'bad grouping', input: '1.00.000' },
    { description: 'mixed grouping separators', input: '1.000,000.5' },
    { description: 'epidemic class F0', input: 'F0' },
    { description: 'number words inside a sentence', input: 'ba toi bi ho' },
    { description: 'two number words', input: 'hai ba' },
    { description: 'muoi then a non-number', input: 'muoi ho' },
    { description: 'mot muoi is not a number', input: 'mot muoi' },
    { description: 'lam alone is not five', input: 'lam' },
    { description: 'text without a number', input: 'toi khoe' },
    { description: 'emoji', input: '👍' },
    { description: 'too large to be exact', input: '9'.repeat(30) },
    { description: '5,000 digits', input: '7'.repeat(5000) },
    { description: '5,000 characters of words', input: 'ba '.repeat(1667) },
    { description: '"38 độ 2 ngày" is two numbers', input: '38 do 2 ngay' },
  ];

  it.each(numbers)('$description', ({ input, expected }) => {
    expect(recognizeNumber(input)).toBe(expected);
  });

  it.each(notNumbers)('$description is not a number', ({ input }) => {
    expect(recognizeNumber(input)).toBeUndefined();
  });
});
