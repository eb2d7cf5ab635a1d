/** How an SMS body travels: 7-bit GSM default alphabet or 16-bit UCS-2. */
export type SmsEncoding = 'gsm7' | 'ucs2';

/** Size of an SMS body: encoding, length in that encoding's units, and how many SMS it is billed as. */
export interface SmsSegmentCount {
  readonly encoding: SmsEncoding;
  readonly units: number;
  readonly segments: number;
}

// GSM 03.38 default alphabet (ESC itself left out: it only introduces the extension table).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table: each is sent as ESC + code, so it costs two septets. Form feed is in the table too.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

// A single SMS holds 160 septets or 70 UCS-2 units; a concatenated part loses 7 septets / 3 units to the UDH.
const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** Returns 'gsm7' when every character is in the GSM default alphabet or its extension, else 'ucs2'. */
export function smsEncodingOf(text: string): SmsEncoding {
  for (const char of text) {
    if (!GSM_BASIC.has(char) && !GSM_EXTENSION.has(char)) return 'ucs2';
  }
  return 'gsm7';
}

/** Counts units and billed segments the way an SMSC splits a concatenated message. */
export function countSmsSegments(text: string): SmsSegmentCount {
  const encoding = smsEncodingOf(text);
  const chars = [...text];
  const units = chars.reduce((sum, char) => sum + unitsOf(char, encoding), 0);
  if (units <= LIMITS[encoding].single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  // Packing char by char rather than dividing: an ESC pair or a surrogate pair never straddles two parts,
  // so a part may hold one unit less than the limit.
  for (const char of chars) {
    const size = unitsOf(char, encoding);
    if (used + size > LIMITS[encoding].part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}

/** Splits an SMS body into concatenated parts (153 GSM-7 / 67 UCS-2 units), preferring to break after whitespace. */
export function splitSmsParts(text: string): string[] {
  const encoding = smsEncodingOf(text);
  const chars = [...text];
  const total = chars.reduce((sum, char) => sum + unitsOf(char, encoding), 0);
  if (total <= LIMITS[encoding].single) return [text];
  const limit = LIMITS[encoding].part;
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let used = 0;
    let afterLastSpace = -1;
    while (end < chars.length) {
      const char = chars[end] ?? '';
      const size = unitsOf(char, encoding);
      if (used + size > limit) break;
      used += size;
      end += 1;
      if (/\s/.test(char)) afterLastSpace = end;
    }
    // The whitespace stays at the end of its part, so the handset's reassembly gives back the exact text.
    const cut = end < chars.length && afterLastSpace > start ? afterLastSpace : end;
    parts.push(chars.slice(start, cut).join(''));
    start = cut;
  }
  return parts;
}

/** Splits a chat message into pieces of at most maxChars UTF-16 units, at the last newline, else space, else hard. */
export function splitAtWords(text: string, maxChars: number): string[] {
  // Two units is the least that can always make progress without cutting a surrogate pair in half.
  if (!Number.isInteger(maxChars) || maxChars < 2) {
    throw new RangeError(`maxChars must be an integer >= 2, got ${maxChars}`);
  }
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const newline = rest.lastIndexOf('\n', maxChars);
    const space = lastWhitespaceAtOrBefore(rest, maxChars);
    const breakAt = newline > 0 ? newline : space;
    if (breakAt > 0) {
      // Separate chat messages: the separator itself would only show up as a stray blank at an edge.
      parts.push(rest.slice(0, breakAt));
      rest = rest.slice(breakAt + 1);
    } else {
      const cut = isHighSurrogate(rest.charCodeAt(maxChars - 1)) ? maxChars - 1 : maxChars;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

function unitsOf(char: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return char.length;
  return GSM_EXTENSION.has(char) ? 2 : 1;
}

function lastWhitespaceAtOrBefore(text: string, index: number): number {
  for (let position = Math.min(index, text.length - 1); position > 0; position -= 1) {
    if (/\s/.test(text.charAt(position))) return position;
  }
  return -1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
