import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNationalIdCipher } from './national-id-cipher.js';

describe('national ID cipher', () => {
  const key = randomBytes(32);
  const cipher = createNationalIdCipher(key);

  it('round-trips, with a fresh nonce every time', () => {
    const first = cipher.encrypt('001050012345');
    const second = cipher.encrypt('001050012345');
    expect(first).not.toBe(second);
    expect(first).not.toContain('001050012345');
    expect(cipher.decrypt(first)).toBe('001050012345');
  });

  it('hashes equal IDs equally, under the key only', () => {
    expect(cipher.lookupHash('001050012345')).toBe(createNationalIdCipher(key).lookupHash('001050012345'));
    expect(cipher.lookupHash('001050012345')).not.toBe(
      createNationalIdCipher(randomBytes(32)).lookupHash('001050012345'),
    );
  });

  it('refuses a tampered ciphertext and another key', () => {
    const stored = cipher.encrypt('024123456');
    const [version, nonce, tag, body] = stored.split('.');
    const flipped = Buffer.from(body ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.decrypt([version, nonce, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => createNationalIdCipher(randomBytes(32)).decrypt(stored)).toThrow();
    expect(() => createNationalIdCipher(Buffer.alloc(16))).toThrow('32 bytes');
  });
});
