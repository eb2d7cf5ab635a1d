import { describe, expect, it } from 'vitest';
import { carrierOfVietnamesePhone, maskPhone, normalizeVietnamesePhone, parseVietnameseMobile } from './phone.js';

describe('normalizeVietnamesePhone', () => {
  const valid = [
    { description: 'national format', input: '0912345678', expected: '+84912345678' },
    { description: 'country code without plus', input: '84912345678', expected: '+84912345678' },
    { description: 'E.164 with spaces', input: '+84 91 234 5678', expected: '+84912345678' },
    { description: 'E.164 without spaces', input: '+84912345678', expected: '+84912345678' },
    { description: 'dots', input: '091.234.5678', expected: '+84912345678' },
    { description: 'dashes', input: '091-234-5678', expected: '+84912345678' },
    { description: 'international prefix 00', input: '0084912345678', expected: '+84912345678' },
    { description: 'country code and a stray trunk zero', input: '+84 0912345678', expected: '+84912345678' },
    { description: 'surrounding spaces', input: '  0912 345 678  ', expected: '+84912345678' },
    { description: 'full-width digits', input: '０９１２３４５６７８', expected: '+84912345678' },
    { description: 'Viettel 03x', input: '0362345678', expected: '+84362345678' },
    { description: 'MobiFone 07x', input: '0702345678', expected: '+84702345678' },
    { description: 'VinaPhone 08x', input: '0812345678', expected: '+84812345678' },
    { description: 'Vietnamobile 05x', input: '0562345678', expected: '+84562345678' },
    { description: 'Itel 087', input: '0872345678', expected: '+84872345678' },
  ];
  const invalid = [
    { description: 'empty string', input: '' },
    { description: 'letters', input: 'khong co' },
    { description: 'dead 11-digit 01xx number', input: '01234567890' },
    { description: 'dead 01xx number with country code', input: '+841234567890' },
    { description: 'Hanoi landline', input: '02438123456' },
    { description: 'too short', input: '091234567' },
    { description: 'too long', input: '09123456789' },
    { description: 'a US number', input: '+1 202 555 0100' },
    { description: 'two numbers', input: '0912345678 0987654321' },
    { description: 'toll-free 1800', input: '18001234' },
    { description: 'emoji', input: '📱' },
    { description: '5,000 digits', input: '9'.repeat(5000) },
  ];

  it.each(valid)('$description', ({ input, expected }) => {
    expect(normalizeVietnamesePhone(input)).toBe(expected);
  });

  it.each(invalid)('rejects $description', ({ input }) => {
    expect(normalizeVietnamesePhone(input)).toBeUndefined();
  });

  // The memo by the first four national digits is exact only while libphonenumber's ranges look no deeper: every
  // prefix, with suffixes that differ in every digit, in the three spellings the memo takes, against the parser.
  it('remembers per prefix only what libphonenumber says of every number with that prefix', () => {
    const disagreements: string[] = [];
    for (let prefix = 0; prefix < 10_000; prefix += 1) {
      for (const suffix of ['00000', '99999', '13579', '86420', '50505']) {
        const national = `${String(prefix).padStart(4, '0')}${suffix}`;
        for (const input of [`0${national}`, `84${national}`, `+84${national}`]) {
          if (normalizeVietnamesePhone(input) !== parseVietnameseMobile(input)) disagreements.push(input);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(normalizeVietnamesePhone('0362345678')).toBe('+84362345678');
  });
});

describe('maskPhone', () => {
  const cases = [
    { description: 'Vietnamese mobile', input: '+84912345678', expected: '+84******678' },
    { description: 'another Vietnamese mobile', input: '+84362345001', expected: '+84******001' },
    { description: 'foreign number keeps only the plus', input: '+12025550100', expected: '+********100' },
    { description: 'very short input is masked entirely', input: '+84123', expected: '+84***' },
    { description: 'empty string', input: '', expected: '' },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('never shows more than three digits of a mobile number', () => {
    expect(maskPhone('+84912345678').replace(/\D/g, '')).toBe('84678');
  });
});

describe('carrierOfVietnamesePhone', () => {
  const cases = [
    { description: 'Viettel 086', input: '+84862345678', expected: 'viettel' },
    { description: 'Viettel 098', input: '+84982345678', expected: 'viettel' },
    { description: 'Viettel 032', input: '+84322345678', expected: 'viettel' },
    { description: 'Viettel 039', input: '+84392345678', expected: 'viettel' },
    { description: 'VinaPhone 091', input: '+84912345678', expected: 'vinaphone' },
    { description: 'VinaPhone 088', input: '+84882345678', expected: 'vinaphone' },
    { description: 'VinaPhone 085', input: '+84852345678', expected: 'vinaphone' },
    { description: 'MobiFone 090', input: '+84902345678', expected: 'mobifone' },
    { description: 'MobiFone 070', input: '+84702345678', expected: 'mobifone' },
    { description: 'MobiFone 079', input: '+84792345678', expected: 'mobifone' },
    { description: 'Vietnamobile 092', input: '+84922345678', expected: 'vietnamobile' },
    { description: 'Vietnamobile 058', input: '+84582345678', expected: 'vietnamobile' },
    { description: 'Gmobile 099', input: '+84992345678', expected: 'gmobile' },
    { description: 'Gmobile 059', input: '+84592345678', expected: 'gmobile' },
    { description: 'Reddi 055', input: '+84552345678', expected: 'reddi' },
    { description: 'Itel 087', input: '+84872345678', expected: 'itel' },
    { description: 'unknown prefix 080', input: '+84802345678', expected: undefined },
    { description: 'national format is not E.164', input: '0912345678', expected: undefined },
    { description: 'wrong length', input: '+8491234567', expected: undefined },
    { description: 'foreign number', input: '+12025550100', expected: undefined },
    { description: 'empty string', input: '', expected: undefined },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(carrierOfVietnamesePhone(input)).toBe(expected);
  });
});
