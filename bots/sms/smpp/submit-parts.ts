import { smsEncodingOf, splitSmsParts } from '../../../core/text/index.js';
import { encodeGsm7 } from './gsm7.js';

/** data_coding values we send: the SMSC default alphabet (GSM 03.38 here) and UCS-2 big-endian. */
const DATA_CODING = { gsm7: 0x00, ucs2: 0x08 } as const;
/** esm_class bit telling the SMSC the short_message starts with a user data header. */
const ESM_CLASS_UDHI = 0x40;
/** Where the reference sits in our UDH `05 00 03 <ref> <total> <seq>`. */
const UDH_REFERENCE = 3;

/** One submit_sm's worth of an SMS: what goes into data_coding, esm_class and short_message. */
export interface SubmitPart {
  dataCoding: number;
  esmClass: number;
  shortMessage: Buffer;
}

/** UTF-16 big-endian: what SMPP means by UCS-2; astral characters travel as surrogate pairs, as handsets expect. */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/**
 * Splits an SMS into submit_sm bodies: one when it fits, else concatenated parts each led by the 8-bit-reference
 * UDH `05 00 03 <ref> <total> <seq>` (its 6 octets are why a part holds 153 GSM-7 / 67 UCS-2 units, not 160 / 70).
 * The reference is left 0: one text's parts serve all its recipients, and withConcatReference() gives each message
 * its own.
 */
export function buildSubmitParts(text: string): readonly SubmitPart[] {
  const encoding = smsEncodingOf(text);
  const encode = encoding === 'gsm7' ? encodeGsm7 : encodeUcs2;
  const dataCoding = DATA_CODING[encoding];
  const texts = splitSmsParts(text);
  if (texts.length === 1) return [{ dataCoding, esmClass: 0, shortMessage: encode(text) }];
  if (texts.length > 255) throw new RangeError(`an SMS of ${texts.length} parts exceeds the 255 a UDH can number`);
  return texts.map((part, index) => ({
    dataCoding,
    esmClass: ESM_CLASS_UDHI,
    shortMessage: Buffer.concat([Buffer.from([5, 0, 3, 0, texts.length, index + 1]), encode(part)]),
  }));
}

/**
 * One message's parts: concatenated parts copied with its reference (a handset joins the parts that share one, so
 * two messages with the same text must not), a single part shared as it is.
 */
export function withConcatReference(parts: readonly SubmitPart[], reference: number): readonly SubmitPart[] {
  if (parts.length === 1) return parts;
  return parts.map((part) => {
    const shortMessage = Buffer.from(part.shortMessage);
    shortMessage[UDH_REFERENCE] = reference & 0xff;
    return { ...part, shortMessage };
  });
}
