import { describe, expect, it } from 'vitest';
import { decodeGsm7, encodeGsm7 } from './gsm7.js';

describe('encodeGsm7', () => {
  it.each([
    { description: '@ is 0x00, not ASCII 0x40', text: '@', bytes: [0x00] },
    { description: '$ is 0x02', text: '$', bytes: [0x02] },
    { description: '_ is 0x11', text: '_', bytes: [0x11] },
    { description: 'letters and digits keep their ASCII codes', text: 'Az9', bytes: [0x41, 0x7a, 0x39] },
    { description: 'à is in the default alphabet', text: 'à', bytes: [0x7f] },
    { description: '€ goes through the escape', text: '€', bytes: [0x1b, 0x65] },
    { description: 'braces go through the escape', text: '{}', bytes: [0x1b, 0x28, 0x1b, 0x29] },
    { description: 'backslash goes through the escape', text: '\\', bytes: [0x1b, 0x2f] },
    { description: 'what GSM cannot say becomes "?"', text: 'ạ', bytes: [0x3f] },
  ])('$description', ({ text, bytes }) => {
    expect([...encodeGsm7(text)]).toEqual(bytes);
  });
});

describe('decodeGsm7', () => {
  it('reads back every character the alphabet and its extension hold', () => {
    const alphabet =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€';
    expect(decodeGsm7(encodeGsm7(alphabet))).toBe(alphabet);
  });

  it.each([
    { description: 'an octet above 0x7F reads as a space', bytes: [0x41, 0x80, 0xff], text: 'A  ' },
    { description: 'an escape before a code outside the extension stays', bytes: [0x1b, 0x41], text: '\u001bA' },
    { description: 'an escape before an escape: the second one escapes', bytes: [0x1b, 0x1b, 0x28], text: '\u001b{' },
    { description: 'an escape at the end stays', bytes: [0x41, 0x1b], text: 'A\u001b' },
  ])('$description', ({ bytes, text }) => {
    expect(decodeGsm7(Buffer.from(bytes))).toBe(text);
  });
});
