import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, messages, people } from '../core/db/schema.js';
import { deliverUpdate, type FakeTelegram, startFakeTelegram } from './peers/fake-telegram.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = '123456:telegram-test-token';
const SECRET = 'telegram_webhook_secret-1';

// The Telegram channel end to end: webhook with its secret → turn → sendMessage at a local Bot API.
describe('Telegram channel', () => {
  let fake: FakeTelegram;
  let app: TestService;
  let webhook: string;
  let updateId = 1000;

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    app = await startTestService({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    webhook = `${app.service.url}/webhooks/telegram`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  const user = (id: number) => ({ id, is_bot: false, first_name: 'Lan' });
  const message = (chatId: number, extra: object, id = updateId++) => ({
    update_id: id,
    message: {
      message_id: id,
      date: 1_795_000_000,
      chat: { id: chatId, type: 'private' },
      from: user(chatId),
      ...extra,
    },
  });
  const sentTo = (chatId: number) =>
    fake.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId));

  it('answers in Vietnamese with a keyboard of choices', async () => {
    const posted = await deliverUpdate(webhook, message(42, { text: 'xin chào' }), SECRET);
    expect(posted.status).toBe(200);
    const calls = await waitFor('greeting and menu', () => sentTo(42).length >= 2 && sentTo(42));
    expect(calls[0]?.body.text).toContain('Xin chào!');
    expect(calls[1]?.body.text).toBe('Bạn cần gì?');
    expect(JSON.stringify(calls[1]?.body.reply_markup)).toContain('Khai báo y tế');
  });

  it('hands a /start deep-link payload to the conversation', async () => {
    await deliverUpdate(webhook, message(43, { text: '/start venue_ward7' }), SECRET);
    await waitFor('an answer', () => sentTo(43).length >= 2);
    const [stored] = await app.database.handle.db.select().from(messages).where(eq(messages.text, '/start')).limit(1);
    expect(stored?.payload).toEqual({ startPayload: 'venue_ward7' });
  });

  it("links the user's own shared phone, and ignores someone else's contact", async () => {
    const own = { contact: { phone_number: '+84912345688', first_name: 'Lan', user_id: 45 } };
    await deliverUpdate(webhook, message(45, own), SECRET);
    const foreign = { contact: { phone_number: '+84912345677', first_name: 'X', user_id: 99 } };
    await deliverUpdate(webhook, message(46, foreign), SECRET);
    const phoneOf = async (externalId: string) => {
      const [row] = await app.database.handle.db
        .select({ phone: people.phone })
        .from(channelIdentities)
        .innerJoin(people, eq(people.id, channelIdentities.personId))
        .where(eq(channelIdentities.externalId, externalId));
      return row?.phone;
    };
    expect(await phoneOf('45')).toBe('+84912345688');
    expect(await phoneOf('46')).toBeNull();
  });

  it('opts out a user who blocked the bot', async () => {
    fake.failNext(47, { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await deliverUpdate(webhook, message(47, { text: 'hi' }), SECRET);
    const optedOut = await waitFor('opt-out', async () => {
      const [row] = await app.database.handle.db
        .select()
        .from(channelIdentities)
        .where(eq(channelIdentities.externalId, '47'));
      return row?.optedOut === true;
    });
    expect(optedOut).toBe(true);
  });
});
