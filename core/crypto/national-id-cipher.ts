import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Encrypts ID numbers for storage and derives the keyed hash they are looked up by. */
export interface NationalIdCipher {
  /** HMAC-SHA-256 under its own key (hex): equal IDs give equal hashes; without the key nobody can test guesses. */
  lookupHash(digits: string): string;
  /** AES-256-GCM with a random 96-bit nonce: `v1.<nonce>.<tag>.<ciphertext>` in base64url. */
  encrypt(digits: string): string;
  decrypt(stored: string): string;
}

const VERSION = 'v1';

/**
 * One master key, two purpose keys (HKDF-SHA-256): the hash key never encrypts and the encryption key never hashes, so
 * learning one use's key reveals nothing about the other.
 */
export function createNationalIdCipher(masterKey: Buffer): NationalIdCipher {
  if (masterKey.length !== 32) throw new Error('the national ID master key must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encryptionKey = derive('national-id/aes-256-gcm');
  const hashKey = derive('national-id/hmac-sha-256');
  return {
    lookupHash: (digits) => createHmac('sha256', hashKey).update(digits).digest('hex'),
    encrypt(digits) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, nonce);
      const body = Buffer.concat([cipher.update(digits, 'utf8'), cipher.final()]);
      return [VERSION, nonce, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(stored) {
      const [version, nonce, tag, body] = stored.split('.');
      if (version !== VERSION || !nonce || !tag || body === undefined) throw new Error('not an encrypted ID number');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
