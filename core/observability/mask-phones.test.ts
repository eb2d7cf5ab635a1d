import { describe, expect, it } from 'vitest';
import { maskPhonesInText } from './mask-phones.js';

describe('maskPhonesInText', () => {
  it.each([
    { description: 'E.164', input: 'from +84912345678', expected: 'from +********678' },
    { description: 'national format', input: 'sdt 0912345678.', expected: 'sdt *******678.' },
    { description: 'grouped with spaces', input: '+84 91 234 5678 called', expected: '+********678 called' },
    { description: 'dotted', input: '091.234.5678', expected: '*******678' },
    { description: 'two numbers', input: '0912345678, 0987654321', expected: '*******678, *******321' },
    { description: 'a year is not a phone', input: 'sinh nam 1950', expected: 'sinh nam 1950' },
    {
      description: 'a uuid is left alone',
      input: 'id 7f0c1e2a-0912-4567-8901-234567890123',
      expected: 'id 7f0c1e2a-0912-4567-8901-234567890123',
    },
  ])('$description', ({ input, expected }) => {
    expect(maskPhonesInText(input)).toBe(expected);
  });
});
