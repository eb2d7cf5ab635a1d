import { createHash, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Zalo's webhook MAC: plain SHA-256 (not HMAC) of app id + raw body + the body's timestamp + secret key, in hex. */
export function computeZaloSignature(appId: string, rawBody: string, timestamp: string, secretKey: string): string {
  return createHash('sha256').update(`${appId}${rawBody}${timestamp}${secretKey}`, 'utf8').digest('hex');
}

/** Checks an X-ZEvent-Signature value, with or without its "mac=" prefix, in constant time. */
export function verifyZaloSignature(
  header: string,
  appId: string,
  rawBody: string,
  timestamp: string,
  secretKey: string,
): boolean {
  const given = header
    .trim()
    .replace(/^mac\s*=\s*/i, '')
    .toLowerCase();
  // Anything but 64 hex digits cannot match; checking the shape first keeps timingSafeEqual on equal lengths.
  if (!HEX_SHA256.test(given)) return false;
  const expected = Buffer.from(computeZaloSignature(appId, rawBody, timestamp, secretKey), 'hex');
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
