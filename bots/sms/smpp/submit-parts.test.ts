import { describe, expect, it } from 'vitest';
import { encodeGsm7 } from './gsm7.js';
import { buildSubmitParts, encodeUcs2, withConcatReference } from './submit-parts.js';

describe('encodeUcs2', () => {
  it('is UTF-16 big-endian, surrogate pairs included', () => {
    expect(encodeUcs2('Đ👍').toString('hex')).toBe('0110d83ddc4d');
  });
});

describe('buildSubmitParts', () => {
  it('sends a short folded text as one GSM-7 part without UDH', () => {
    expect(buildSubmitParts('Xin chao')).toEqual([
      { dataCoding: 0, esmClass: 0, shortMessage: encodeGsm7('Xin chao') },
    ]);
  });

  it('sends Vietnamese with diacritics as UCS-2', () => {
    const [part] = buildSubmitParts('Bạn có sốt không?');
    expect(part?.dataCoding).toBe(8);
    expect(part?.shortMessage.swap16().toString('utf16le')).toBe('Bạn có sốt không?');
  });

  it('splits 300 GSM characters into two parts sharing a reference', () => {
    const parts = withConcatReference(buildSubmitParts('x'.repeat(300)), 0x1ab);
    expect(parts.map((part) => part.shortMessage.subarray(0, 6).toString('hex'))).toEqual([
      '050003ab0201',
      '050003ab0202',
    ]);
    expect(parts.map((part) => [part.esmClass, part.dataCoding, part.shortMessage.length - 6])).toEqual([
      [0x40, 0, 153],
      [0x40, 0, 147],
    ]);
  });

  it('splits long UCS-2 into parts of at most 67 characters (134 octets)', () => {
    const parts = buildSubmitParts('ạ'.repeat(150));
    expect(parts.map((part) => part.shortMessage.length - 6)).toEqual([134, 134, 32]);
  });
});

describe('withConcatReference', () => {
  it('gives each message its own copy of shared parts, leaving the shared ones as they were', () => {
    const shared = buildSubmitParts('x'.repeat(300));
    const first = withConcatReference(shared, 1);
    const second = withConcatReference(shared, 2);
    expect(first.map((part) => part.shortMessage[3])).toEqual([1, 1]);
    expect(second.map((part) => part.shortMessage[3])).toEqual([2, 2]);
    expect(shared.map((part) => part.shortMessage[3])).toEqual([0, 0]);
  });

  it('shares a single part as it is: it has no UDH to stamp', () => {
    const shared = buildSubmitParts('Xin chao');
    expect(withConcatReference(shared, 9)).toBe(shared);
  });
});
