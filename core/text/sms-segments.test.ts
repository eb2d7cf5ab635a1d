import { describe, expect, it } from 'vitest';
import { countSmsSegments, smsEncodingOf, splitAtWords, splitSmsParts } from './sms-segments.js';

const a = (count: number): string => 'a'.repeat(count);
const vi = (count: number): string => 'ạ'.repeat(count);

describe('smsEncodingOf', () => {
  const cases = [
    { description: 'plain ASCII letters', input: 'Xin chao ba con', expected: 'gsm7' },
    { description: 'folded Vietnamese', input: 'Ban da tiem vac-xin chua?', expected: 'gsm7' },
    { description: 'à and é are in the GSM alphabet', input: 'Xin chào, café', expected: 'gsm7' },
    { description: 'GSM symbols', input: '@£$¥_!"#%&\'()*+,-./:;<=>?¡¿§', expected: 'gsm7' },
    { description: 'GSM Greek capitals', input: 'ΔΦΓΛΩΠΨΣΘΞ', expected: 'gsm7' },
    { description: 'extension characters', input: '^{}\\[~]|€', expected: 'gsm7' },
    { description: 'newline and carriage return', input: 'a\r\nb', expected: 'gsm7' },
    { description: 'empty string', input: '', expected: 'gsm7' },
    { description: 'one Vietnamese tone mark', input: 'Bạn', expected: 'ucs2' },
    { description: 'đ', input: 'dđ', expected: 'ucs2' },
    { description: 'Đ', input: 'Đa', expected: 'ucs2' },
    { description: 'backtick is not GSM', input: '`', expected: 'ucs2' },
    { description: 'tab is not GSM', input: 'a\tb', expected: 'ucs2' },
    { description: 'raw ESC is not text', input: '\u001b', expected: 'ucs2' },
    { description: 'emoji', input: 'ok 👍', expected: 'ucs2' },
    { description: 'curly quote', input: '“a”', expected: 'ucs2' },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(smsEncodingOf(input)).toBe(expected);
  });
});

describe('countSmsSegments', () => {
  const cases = [
    { description: 'empty text is one segment', input: '', encoding: 'gsm7', units: 0, segments: 1 },
    { description: 'short GSM text', input: 'Xin chao', encoding: 'gsm7', units: 8, segments: 1 },
    { description: '160 GSM characters', input: a(160), encoding: 'gsm7', units: 160, segments: 1 },
    { description: '161 GSM characters', input: a(161), encoding: 'gsm7', units: 161, segments: 2 },
    { description: '306 GSM characters', input: a(306), encoding: 'gsm7', units: 306, segments: 2 },
    { description: '307 GSM characters', input: a(307), encoding: 'gsm7', units: 307, segments: 3 },
    { description: 'extension char counts twice', input: 'Gia 10€', encoding: 'gsm7', units: 8, segments: 1 },
    { description: '80 euro signs fill one SMS', input: '€'.repeat(80), encoding: 'gsm7', units: 160, segments: 1 },
    {
      description: 'an extension char pushes past 160',
      input: `${a(159)}€`,
      encoding: 'gsm7',
      units: 161,
      segments: 2,
    },
    {
      description: 'an extension char is not split across parts',
      input: `${a(152)}€${a(152)}`,
      encoding: 'gsm7',
      units: 306,
      segments: 3,
    },
    { description: 'short Vietnamese text', input: 'Bạn khỏe không?', encoding: 'ucs2', units: 15, segments: 1 },
    { description: '70 UCS-2 characters', input: vi(70), encoding: 'ucs2', units: 70, segments: 1 },
    { description: '71 UCS-2 characters', input: vi(71), encoding: 'ucs2', units: 71, segments: 2 },
    { description: '134 UCS-2 characters', input: vi(134), encoding: 'ucs2', units: 134, segments: 2 },
    { description: '135 UCS-2 characters', input: vi(135), encoding: 'ucs2', units: 135, segments: 3 },
    { description: 'emoji is two UTF-16 units', input: '😷', encoding: 'ucs2', units: 2, segments: 1 },
    {
      description: 'a surrogate pair is not split across parts',
      input: `${vi(66)}😷${vi(66)}`,
      encoding: 'ucs2',
      units: 134,
      segments: 3,
    },
    {
      description: 'one diacritic turns a long text into UCS-2',
      input: `${a(150)}ạ`,
      encoding: 'ucs2',
      units: 151,
      segments: 3,
    },
    { description: '5,000 GSM characters', input: a(5000), encoding: 'gsm7', units: 5000, segments: 33 },
    { description: '5,000 UCS-2 characters', input: vi(5000), encoding: 'ucs2', units: 5000, segments: 75 },
  ];

  it.each(cases)('$description', ({ input, encoding, units, segments }) => {
    expect(countSmsSegments(input)).toEqual({ encoding, units, segments });
  });
});

describe('splitSmsParts', () => {
  const exact = [
    { description: 'empty text stays one part', input: '', expected: [''] },
    { description: 'a single SMS is not split', input: a(160), expected: [a(160)] },
    { description: 'a single UCS-2 SMS is not split', input: vi(70), expected: [vi(70)] },
    { description: 'no whitespace means a hard cut at 153', input: a(200), expected: [a(153), a(47)] },
    { description: 'no whitespace means a hard cut at 67 in UCS-2', input: vi(100), expected: [vi(67), vi(33)] },
    {
      description: 'breaks after the last space inside the limit',
      input: `${a(100)} ${a(100)}`,
      expected: [`${a(100)} `, a(100)],
    },
    {
      description: 'an extension char moves whole to the next part',
      input: `${a(152)}€${a(10)}`,
      expected: [a(152), `€${a(10)}`],
    },
    {
      description: 'a surrogate pair moves whole to the next part',
      input: `${vi(66)}😷${vi(10)}`,
      expected: [vi(66), `😷${vi(10)}`],
    },
  ];

  it.each(exact)('$description', ({ input, expected }) => {
    expect(splitSmsParts(input)).toEqual(expected);
  });

  const long = [
    { description: 'folded Vietnamese sentences', input: 'Ban hay deo khau trang va rua tay thuong xuyen. '.repeat(8) },
    { description: 'Vietnamese with diacritics', input: 'Bạn hãy đeo khẩu trang và rửa tay thường xuyên. '.repeat(5) },
    { description: 'text with extension chars', input: 'Lien he [tram y te] {so 115} ~ 24/7 | phi 0€ '.repeat(6) },
    { description: '5,000 characters with newlines', input: 'Dong mot\nDong hai '.repeat(278) },
  ];

  it.each(long)('$description: parts fit, rejoin to the text and break after whitespace', ({ input }) => {
    const parts = splitSmsParts(input);
    const encoding = smsEncodingOf(input);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(input);
    for (const part of parts) {
      const size = encoding === 'ucs2' ? part.length : countSmsSegments(part).units;
      expect(size).toBeLessThanOrEqual(encoding === 'ucs2' ? 67 : 153);
    }
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/\s$/);
  });
});

describe('splitAtWords', () => {
  const cases = [
    { description: 'fits in one message', input: 'Xin chào', max: 2000, expected: ['Xin chào'] },
    { description: 'empty text', input: '', max: 10, expected: [''] },
    { description: 'exactly the limit', input: a(10), max: 10, expected: [a(10)] },
    { description: 'breaks at the last space', input: 'hello world foo', max: 11, expected: ['hello world', 'foo'] },
    {
      description: 'prefers a newline over a later space',
      input: 'aaa\nbbb ccc dd',
      max: 10,
      expected: ['aaa', 'bbb ccc dd'],
    },
    { description: 'hard cut without whitespace', input: 'abcdefghij', max: 4, expected: ['abcd', 'efgh', 'ij'] },
    { description: 'hard cut keeps a surrogate pair whole', input: 'ab😷cd', max: 3, expected: ['ab', '😷c', 'd'] },
    { description: 'Vietnamese words', input: 'Tiêm vắc xin đủ mũi', max: 9, expected: ['Tiêm vắc', 'xin đủ', 'mũi'] },
  ];

  it.each(cases)('$description', ({ input, max, expected }) => {
    expect(splitAtWords(input, max)).toEqual(expected);
  });

  it.each([
    { description: 'Zalo', max: 2000 },
    { description: 'Telegram', max: 4096 },
  ])('keeps 5,000 characters within the $description limit without losing words', ({ max }) => {
    const text = 'Người cao tuổi cần tiêm mũi nhắc lại.\n'.repeat(132);
    const parts = splitAtWords(text, max);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(max);
    expect(parts.join('\n')).toBe(text);
  });

  it.each([
    { description: 'zero', max: 0 },
    { description: 'one', max: 1 },
    { description: 'a fraction', max: 2.5 },
    { description: 'NaN', max: Number.NaN },
  ])('rejects a limit of $description', ({ max }) => {
    expect(() => splitAtWords('abc', max)).toThrow(RangeError);
  });
});
