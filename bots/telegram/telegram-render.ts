import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';
import type { OutboundMessage } from '../../core/channels/contract.js';
import { splitAtWords } from '../../core/text/index.js';

export const TELEGRAM_CHANNEL = 'telegram';

/** Bot API limits: characters are UTF-16 units (what Telegram counts), callback data is UTF-8 bytes. */
export const TELEGRAM_LIMITS = { textChars: 4096, captionChars: 1024, callbackDataBytes: 64 } as const;

/** A choice with this value asks for the user's own phone number through a contact button, not a typed answer. */
export const SHARE_PHONE_CHOICE = '__share_phone__';

/**
 * How choices are shown.
 * - 'inline': buttons under the message. Compact, but a tap puts nothing in the chat (the user does not see what they
 *   answered), the button spins until the webhook answers the callback query, and the buttons scroll away with their
 *   message.
 * - 'reply': buttons replace the phone keyboard. We recommend it for elderly users: large full-width buttons where they
 *   are about to type, a tap sends the label as an ordinary visible message (exactly what typing it would send), it
 *   works on old Telegram clients, and labels are not cut to 64 bytes.
 * Both put one choice per row: Vietnamese labels are phrases, and two columns would truncate them.
 */
export type KeyboardStyle = 'inline' | 'reply';

type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;
type Choice = NonNullable<OutboundMessage['choices']>[number];

/** One Bot API call of a rendered message. */
export type TelegramStep =
  | { method: 'sendMessage'; text: string; markup?: Markup }
  | { method: 'sendPhoto'; photo: Buffer; caption?: string; markup?: Markup };

/** Turns a channel-neutral message into the Bot API calls that show it; the keyboard rides on the last one. */
export function renderTelegramMessage(
  message: Pick<OutboundMessage, 'text' | 'choices' | 'image'>,
  style: KeyboardStyle,
): [TelegramStep, ...TelegramStep[]] {
  const markup = keyboardFor(message.choices ?? [], style);
  if (message.image === undefined) return textSteps(message.text, markup);
  const photo = Buffer.from(message.image.pngBase64, 'base64');
  if (message.text.length <= TELEGRAM_LIMITS.captionChars) {
    return [{ method: 'sendPhoto', photo, caption: message.text || undefined, markup }];
  }
  return [{ method: 'sendPhoto', photo }, ...textSteps(message.text, markup)];
}

function textSteps(text: string, markup: Markup): [TelegramStep, ...TelegramStep[]] {
  const parts = splitAtWords(text, TELEGRAM_LIMITS.textChars);
  const step = (part: string, index: number): TelegramStep => ({
    method: 'sendMessage',
    text: part,
    markup: index === parts.length - 1 ? markup : undefined,
  });
  // splitAtWords always returns at least one part.
  const [first = '', ...rest] = parts;
  return [step(first, 0), ...rest.map((part, index) => step(part, index + 1))];
}

function keyboardFor(choices: readonly Choice[], style: KeyboardStyle): Markup {
  // A reply keyboard stays on screen after its question; without choices we take any stale one away.
  if (choices.length === 0) return { remove_keyboard: true };
  // A contact button exists only in reply keyboards, and one message cannot carry both kinds.
  if (style === 'reply' || choices.some((choice) => choice.value === SHARE_PHONE_CHOICE)) {
    return {
      keyboard: choices.map((choice) => [
        choice.value === SHARE_PHONE_CHOICE ? { text: choice.label, request_contact: true } : { text: choice.label },
      ]),
      resize_keyboard: true,
      one_time_keyboard: true,
    };
  }
  // The label, not the value, is the callback data: a tap then reads exactly like the user typing the label.
  return {
    inline_keyboard: choices.map((choice) => [
      { text: choice.label, callback_data: truncateUtf8(choice.label, TELEGRAM_LIMITS.callbackDataBytes) },
    ]),
  };
}

/** The longest prefix of text that fits in maxBytes of UTF-8, never cutting a character in half. */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}
