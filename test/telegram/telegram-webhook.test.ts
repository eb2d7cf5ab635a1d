import { describe, expect, it } from 'vitest';
import { parseTelegramWebhook, telegramWebhookAnswer } from '../../bots/telegram/telegram-webhook.js';
import type { InboundEvent } from '../../core/channels/contract.js';

const SECRET = 'webhook-secret_2021';
const HEADERS = { 'x-telegram-bot-api-secret-token': SECRET };
const NOW = new Date('2021-07-20T03:00:00Z');
const DATE = 1_626_750_000;

const chat = { id: 42, type: 'private', first_name: 'Lan' };
const from = { id: 42, is_bot: false, first_name: 'Lan', language_code: 'vi' };
const withMessage = (fields: object) => ({
  update_id: 1001,
  message: { message_id: 7, date: DATE, chat, from, ...fields },
});
const event = (fields: Partial<InboundEvent>): InboundEvent => ({
  channel: 'telegram',
  externalId: '42',
  providerMessageId: '1001',
  kind: 'message',
  text: '',
  receivedAt: new Date(DATE * 1000),
  ...fields,
});
const memberUpdate = (status: string) => ({
  update_id: 1001,
  my_chat_member: {
    chat,
    from,
    date: DATE,
    old_chat_member: { user: { id: 1, is_bot: true, first_name: 'Bot' }, status: 'member' },
    new_chat_member: { user: { id: 1, is_bot: true, first_name: 'Bot' }, status },
  },
});
const callbackQuery = {
  update_id: 1001,
  callback_query: { id: 'cb-1', from, chat_instance: '77', data: 'Có', message: { message_id: 9, date: DATE, chat } },
};

const accepted: { description: string; body: object; events: InboundEvent[] }[] = [
  { description: 'a text message', body: withMessage({ text: 'Xin chào' }), events: [event({ text: 'Xin chào' })] },
  {
    description: 'a /start deep link with its payload',
    body: withMessage({ text: '/start qr_ward-7' }),
    events: [event({ text: '/start', startPayload: 'qr_ward-7' })],
  },
  {
    description: 'a /start with an invalid payload keeps only the command',
    body: withMessage({ text: `/start ${'x'.repeat(65)}` }),
    events: [event({ text: '/start' })],
  },
  {
    description: 'the sender’s own contact gives their phone in E.164',
    body: withMessage({ contact: { phone_number: '84912345678', first_name: 'Lan', user_id: 42 } }),
    events: [event({ text: '+84912345678', contactPhone: '+84912345678' })],
  },
  {
    description: 'someone else’s contact is only text',
    body: withMessage({ contact: { phone_number: '0987654321', first_name: 'Minh', last_name: 'Trần', user_id: 77 } }),
    events: [event({ text: 'Minh Trần 0987654321' })],
  },
  {
    description: 'a contact without a Telegram account is only text',
    body: withMessage({ contact: { phone_number: '0987654321', first_name: 'Minh' } }),
    events: [event({ text: 'Minh 0987654321' })],
  },
  {
    description: 'the sender’s own foreign number is only text',
    body: withMessage({ contact: { phone_number: '12025550123', first_name: 'Lan', user_id: 42 } }),
    events: [event({ text: 'Lan 12025550123' })],
  },
  {
    description: 'a callback query reads as its data typed, received now',
    body: callbackQuery,
    events: [event({ text: 'Có', receivedAt: NOW })],
  },
  {
    description: 'blocking the bot is an unfollow',
    body: memberUpdate('kicked'),
    events: [event({ kind: 'unfollow' })],
  },
  { description: 'other member changes carry no event', body: memberUpdate('member'), events: [] },
  {
    description: 'an edited message is ignored',
    body: { update_id: 1001, edited_message: { message_id: 7, date: DATE, edit_date: DATE, chat, from, text: 'sửa' } },
    events: [],
  },
  {
    description: 'a group message is ignored',
    body: withMessage({ chat: { id: -100, type: 'group', title: 'Tổ dân phố' }, text: 'chào' }),
    events: [],
  },
  {
    description: 'a sticker is ignored',
    body: withMessage({ sticker: { file_id: 's', file_unique_id: 's', width: 1, height: 1 } }),
    events: [],
  },
];

const refused: {
  description: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
}[] = [
  {
    description: 'a wrong secret',
    headers: { 'x-telegram-bot-api-secret-token': 'guess' },
    body: withMessage({ text: 'a' }),
    status: 403,
  },
  { description: 'a missing secret', headers: {}, body: withMessage({ text: 'a' }), status: 403 },
  {
    description: 'a repeated secret header',
    headers: { 'x-telegram-bot-api-secret-token': [SECRET, SECRET] },
    body: {},
    status: 403,
  },
  { description: 'a wrong secret on a malformed body', headers: {}, body: 'nonsense', status: 403 },
  { description: 'a body that is not an object', headers: HEADERS, body: 'nonsense', status: 400 },
  { description: 'an update without update_id', headers: HEADERS, body: { message: { text: 'a' } }, status: 400 },
  {
    description: 'a message without a chat',
    headers: HEADERS,
    body: { update_id: 1, message: { date: DATE, text: 'a' } },
    status: 400,
  },
];

describe('parseTelegramWebhook', () => {
  it.each(accepted)('accepts $description', ({ body, events }) => {
    expect(parseTelegramWebhook(HEADERS, body, SECRET, NOW)).toStrictEqual({ ok: true, events });
  });

  it.each(refused)('refuses $description with $status', ({ headers, body, status }) => {
    expect(parseTelegramWebhook(headers, body, SECRET, NOW)).toMatchObject({ ok: false, status });
  });

  it('refuses everything when no secret is configured', () => {
    expect(
      parseTelegramWebhook({ 'x-telegram-bot-api-secret-token': '' }, withMessage({ text: 'a' }), ''),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});

describe('telegramWebhookAnswer', () => {
  it('answers a callback query so the button stops spinning, and nothing else', () => {
    expect(telegramWebhookAnswer(callbackQuery)).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cb-1' });
    expect(telegramWebhookAnswer(withMessage({ text: 'a' }))).toBeUndefined();
  });
});
