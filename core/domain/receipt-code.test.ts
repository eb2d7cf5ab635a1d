import { describe, expect, it } from 'vitest';
import { maskName, newReceiptCode, normalizeReceiptCode } from './receipt-code.js';

describe('receipt codes', () => {
  it('are 8 unambiguous characters and differ each time', () => {
    const codes = new Set(Array.from({ length: 200 }, newReceiptCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[346789ABCDEFGHJKMNPQRTUVWXY]{8}$/);
  });

  it.each([
    { description: 'lower case and spaces are fine', input: 'abcd efgh', code: 'ABCDEFGH' },
    { description: 'a dash is fine', input: 'ABCD-EFGH', code: 'ABCDEFGH' },
    { description: 'an ambiguous letter is not a code', input: 'ABCDEFG0', code: undefined },
    { description: 'too short is not a code', input: 'ABCD', code: undefined },
  ])('$description', ({ input, code }) => {
    expect(normalizeReceiptCode(input)).toBe(code);
  });

  it('masks all but the given name', () => {
    expect(maskName('Nguyễn Văn An')).toBe('N***** V** An');
    expect(maskName('Lan')).toBe('Lan');
  });
});
