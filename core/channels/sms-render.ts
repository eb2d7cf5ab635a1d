import { foldDiacritics } from '../text/fold.js';
import { countSmsSegments, type SmsEncoding, smsEncodingOf } from '../text/sms-segments.js';
import type { OutboundMessage } from './contract.js';

export interface RenderedSms {
  text: string;
  encoding: SmsEncoding;
  segments: number;
}

// Typography that is not in the GSM-7 alphabet but has a plain equivalent.
const PLAIN_PUNCTUATION: Record<string, string> = {
  '…': '...',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '–': '-',
  '—': '-',
  '\u00a0': ' ',
};

/**
 * The text of an SMS for a channel-neutral message: numbered choices ("1. Co  2. Khong") appended, and — unless
 * unicode is allowed — folded to GSM-7 without diacritics, which halves the cost (160 characters a segment, not 70).
 */
export function renderSms(message: Pick<OutboundMessage, 'text' | 'choices'>, unicode: boolean): RenderedSms {
  const choices = (message.choices ?? []).map((choice, index) => `${index + 1}. ${choice.label}`).join('  ');
  const composed = choices ? `${message.text}\n${choices}` : message.text;
  const text = unicode ? composed : toGsm7(composed);
  const count = countSmsSegments(text);
  return { text, encoding: count.encoding, segments: count.segments };
}

/** Folds diacritics and plain-ifies punctuation; anything still outside GSM-7 (emoji) becomes "?". */
export function toGsm7(text: string): string {
  const folded = foldDiacritics(text).replace(/[…“”‘’–—\u00a0]/g, (c) => PLAIN_PUNCTUATION[c] ?? c);
  if (smsEncodingOf(folded) === 'gsm7') return folded;
  return Array.from(folded, (char) => (smsEncodingOf(char) === 'gsm7' ? char : '?')).join('');
}
