import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { InboundEvent, WebhookParse } from '../../core/channels/contract.js';
import { normalizeVietnamesePhone } from '../../core/text/index.js';
import { TELEGRAM_CHANNEL } from './telegram-render.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const START_COMMAND = /^\/start(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/;
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

// Only the fields we read; unknown keys and update kinds (edited_message, channel_post, ...) are stripped, not refused.
const chat = z.object({ id: z.number().int(), type: z.string() });
const user = z.object({ id: z.number().int() });
const contact = z.object({
  phone_number: z.string(),
  first_name: z.string(),
  last_name: z.string().optional(),
  user_id: z.number().int().optional(),
});
const updateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: z
    .object({
      date: z.number().int(),
      chat,
      from: user.optional(),
      text: z.string().optional(),
      contact: contact.optional(),
    })
    .optional(),
  callback_query: z
    .object({
      id: z.string(),
      from: user,
      data: z.string().optional(),
      message: z.object({ chat }).optional(),
    })
    .optional(),
  my_chat_member: z
    .object({ date: z.number().int(), chat, new_chat_member: z.object({ status: z.string() }) })
    .optional(),
});

type Update = z.infer<typeof updateSchema>;
type Headers = Readonly<Record<string, string | string[] | undefined>>;
type EventBody = Pick<InboundEvent, 'kind' | 'text' | 'contactPhone' | 'startPayload'>;

/**
 * Verifies a Telegram webhook request by its secret token and turns the update into at most one InboundEvent.
 * Only private chats count: the service talks to people one to one, never into groups.
 */
export function parseTelegramWebhook(headers: Headers, body: unknown, secret: string, now = new Date()): WebhookParse {
  if (!secretMatches(headers[SECRET_HEADER], secret)) {
    return { ok: false, status: 403, reason: 'missing or wrong secret token' };
  }
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)');
    return { ok: false, status: 400, reason: `malformed update: ${[...new Set(fields)].join(', ')}` };
  }
  const event = eventOf(parsed.data, now);
  return { ok: true, events: event ? [event] : [] };
}

/**
 * What to answer a callback_query webhook with: Telegram runs a method given in the webhook response, and answering
 * the query stops the tapped button's spinner without a separate API call. Undefined for every other update.
 */
export function telegramWebhookAnswer(
  body: unknown,
): { method: 'answerCallbackQuery'; callback_query_id: string } | undefined {
  const parsed = updateSchema.safeParse(body);
  const query = parsed.success ? parsed.data.callback_query : undefined;
  return query ? { method: 'answerCallbackQuery', callback_query_id: query.id } : undefined;
}

// Hashing first gives equal-length buffers, so the comparison leaks neither the secret's content nor its length.
function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string' || secret === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

interface EventSource {
  chatId: number;
  /** Unix seconds; a callback query carries no time of its own. */
  date?: number;
  body: EventBody;
}

function eventOf(update: Update, now: Date): InboundEvent | undefined {
  // An update carries exactly one of these.
  const source =
    fromMessage(update.message) ?? fromCallbackQuery(update.callback_query) ?? fromChatMember(update.my_chat_member);
  if (!source) return undefined;
  return {
    channel: TELEGRAM_CHANNEL,
    externalId: String(source.chatId),
    // update_id is what Telegram repeats on redelivery; message ids repeat across chats.
    providerMessageId: String(update.update_id),
    receivedAt: source.date === undefined ? now : new Date(source.date * 1000),
    ...source.body,
  };
}

function fromMessage(message: Update['message']): EventSource | undefined {
  if (message?.chat.type !== 'private') return undefined;
  const body = message.contact ? contactEvent(message.contact, message.from?.id) : textEvent(message.text);
  return body && { chatId: message.chat.id, date: message.date, body };
}

function fromCallbackQuery(query: Update['callback_query']): EventSource | undefined {
  if (query?.data === undefined || query.message?.chat.type !== 'private') return undefined;
  return { chatId: query.message.chat.id, body: { kind: 'message', text: query.data } };
}

function fromChatMember(member: Update['my_chat_member']): EventSource | undefined {
  // Blocking the bot shows up as the bot being "kicked" from the private chat.
  if (member?.chat.type !== 'private' || member.new_chat_member.status !== 'kicked') return undefined;
  return { chatId: member.chat.id, date: member.date, body: { kind: 'unfollow', text: '' } };
}

function textEvent(text: string | undefined): EventBody | undefined {
  if (text === undefined) return undefined;
  const start = START_COMMAND.exec(text.trim());
  if (!start) return { kind: 'message', text };
  const payload = start[1]?.trim();
  return {
    kind: 'message',
    text: '/start',
    ...(payload && START_PAYLOAD.test(payload) ? { startPayload: payload } : {}),
  };
}

// A contact card can be anyone's; it proves the user's own number only when Telegram says it is theirs.
function contactEvent(card: z.infer<typeof contact>, fromId: number | undefined): EventBody {
  const own = card.user_id !== undefined && card.user_id === fromId;
  const phone = own ? normalizeVietnamesePhone(card.phone_number) : undefined;
  if (phone) return { kind: 'message', text: phone, contactPhone: phone };
  const asText = [card.first_name, card.last_name, card.phone_number].filter(Boolean).join(' ');
  return { kind: 'message', text: asText };
}
