import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Vietnamese mobile networks, as named in CHANNELS.md. */
export type VietnameseCarrier = 'viettel' | 'vinaphone' | 'mobifone' | 'vietnamobile' | 'gmobile' | 'reddi' | 'itel';

// A phone number has 9 to 13 digits however it is written ("0912345678", "0084 912 345 678"); more digits
// mean two numbers or a number glued to something else, and libphonenumber would quietly pick one.
const MIN_DIGITS = 9;
const MAX_DIGITS = 13;
const MAX_INPUT_LENGTH = 64;

// Prefixes after the 2018 renumbering. 052 is Vietnamobile's too, though CHANNELS.md does not list it.
// Since number portability (2021) a prefix names the original network, not always the current one.
const CARRIER_PREFIXES: ReadonlyArray<readonly [VietnameseCarrier, readonly string[]]> = [
  ['viettel', ['86', '96', '97', '98', '32', '33', '34', '35', '36', '37', '38', '39']],
  ['vinaphone', ['88', '91', '94', '81', '82', '83', '84', '85']],
  ['mobifone', ['89', '90', '93', '70', '76', '77', '78', '79']],
  ['vietnamobile', ['92', '52', '56', '58']],
  ['gmobile', ['99', '59']],
  ['reddi', ['55']],
  ['itel', ['87']],
];

const VIETNAMESE_E164 = /^\+84(\d{9})$/;

// The spellings an uploaded list mostly holds: 0, 84 or +84 and nine national digits.
const CANONICAL = /^(?:0|\+?84)(\d{9})$/;
// libphonenumber's Vietnamese mobile ranges decide on at most the first four of the nine national digits
// (121[0-3]…, 3\d…, 5[1689]…, 8[1-8]…), so its verdict on one number holds for every number with those four digits.
// Remembered per prefix, a million-number list costs at most 10,000 parses instead of a million at 6 µs each;
// phone.test.ts compares both paths on every prefix, so a metadata update that looks deeper fails there.
const MOBILE_BY_PREFIX = new Map<string, boolean>();

/** Returns a valid Vietnamese mobile number in E.164 ("+84912345678"), or undefined for anything else. */
export function normalizeVietnamesePhone(input: string): string | undefined {
  const national = CANONICAL.exec(input)?.[1];
  if (national === undefined) return parseVietnameseMobile(input);
  const prefix = national.slice(0, 4);
  let mobile = MOBILE_BY_PREFIX.get(prefix);
  if (mobile === undefined) {
    mobile = parseVietnameseMobile(`0${national}`) !== undefined;
    MOBILE_BY_PREFIX.set(prefix, mobile);
  }
  return mobile ? `+84${national}` : undefined;
}

/** normalizeVietnamesePhone without the per-prefix memo: any spelling, through libphonenumber. */
export function parseVietnameseMobile(input: string): string | undefined {
  if (input.length > MAX_INPUT_LENGTH) return undefined;
  // NFKC turns full-width digits from some Asian keyboards into ASCII ones before counting.
  const digitCount = input.normalize('NFKC').replace(/\D/g, '').length;
  if (digitCount < MIN_DIGITS || digitCount > MAX_DIGITS) return undefined;
  // The "max" metadata knows exact number ranges; the default build would accept the dead 11-digit 01xx numbers.
  const parsed = parsePhoneNumberFromString(input, 'VN');
  if (parsed === undefined || parsed.country !== 'VN' || !parsed.isValid()) return undefined;
  if (parsed.getType() !== 'MOBILE') return undefined;
  return VIETNAMESE_E164.test(parsed.number) ? parsed.number : undefined;
}

/** Hides all but the last three digits of an E.164 number for logs and staff screens ("+84******678"). */
export function maskPhone(e164: string): string {
  const prefix = e164.startsWith('+84') ? '+84' : e164.startsWith('+') ? '+' : '';
  const rest = e164.slice(prefix.length);
  // Showing three digits of a very short string would show most of it; mask it all instead.
  const shown = rest.length >= 7 ? rest.slice(-3) : '';
  return prefix + '*'.repeat(rest.length - shown.length) + shown;
}

/** Names the network a Vietnamese E.164 mobile number was issued by, from its prefix. */
export function carrierOfVietnamesePhone(e164: string): VietnameseCarrier | undefined {
  const national = VIETNAMESE_E164.exec(e164)?.[1];
  if (national === undefined) return undefined;
  const prefix = national.slice(0, 2);
  return CARRIER_PREFIXES.find(([, prefixes]) => prefixes.includes(prefix))?.[0];
}
