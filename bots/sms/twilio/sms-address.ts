import { normalizeVietnamesePhone } from '../../../core/text/index.js';

// ITU E.164: a plus, a country code not starting with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The E.164 form of an SMS address: a Vietnamese mobile written any usual way ("0912 345 678"), or any number
 * already in E.164 (a foreign visitor). Anything else (alphanumeric sender ids, short codes) is undefined.
 */
export function e164Of(raw: string): string | undefined {
  return normalizeVietnamesePhone(raw) ?? (E164.test(raw) ? raw : undefined);
}
