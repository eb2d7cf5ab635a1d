import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** A venue's public code: 6 random digits (no leading zero), so the next venue's code cannot be guessed from one. */
export function randomVenueCode(): string {
  return String(randomInt(100_000, 1_000_000));
}

// No 0/O, 1/I/L: a receipt is read aloud to a guard or typed from an SMS.
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short code that proves a check-in when shown at the door. */
export function randomReceiptCode(): string {
  return Array.from({ length: 6 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');
}

const SIGNATURE_LENGTH = 12;

/**
 * The token in a venue's check-in link: its code and a signature over venue id and code (HMAC-SHA256, base64url).
 * Only posters printed by the service carry a valid one; it fits a Telegram start payload (`ci_<token>`, ≤ 64).
 */
export function venueLinkToken(secret: string, venue: { id: string; code: string }): string {
  return `${venue.code}${signature(secret, venue)}`;
}

/** The venue code inside a link token, when the token has the right shape (the signature is checked later). */
export function codeOfLinkToken(token: string): string | undefined {
  const match = /^([1-9]\d{5})([A-Za-z0-9_-]{12})$/.exec(token);
  return match?.[1];
}

/** True when `token` was made by venueLinkToken with this secret for this venue (constant time). */
export function verifyVenueLinkToken(secret: string, venue: { id: string; code: string }, token: string): boolean {
  const expected = Buffer.from(venueLinkToken(secret, venue));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function signature(secret: string, venue: { id: string; code: string }): string {
  return createHmac('sha256', secret)
    .update(`venue:${venue.id}:${venue.code}`)
    .digest('base64url')
    .slice(0, SIGNATURE_LENGTH);
}
