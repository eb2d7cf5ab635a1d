import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../core/db/schema.js';
import { deliverUpdate, type FakeTelegram, startFakeTelegram } from './peers/fake-telegram.js';
import { testRedisUrl } from './support/test-redis.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = '123456:telegram-redelivery-token';
const SECRET = 'telegram_webhook_secret-2';

// A webhook whose message was stored but whose turn could not be queued (Redis refused the service's writes) is
// answered 5xx; the provider delivers it again, and that delivery must get it its turn — a duplicate of a message
// still waiting for one is not a message already handled. The fault is Redis's own: the service connects as a Redis
// ACL user of this test, whose write commands are revoked and then given back.
describe('a webhook delivered again after its turn could not be queued', () => {
  const admin = new Redis(testRedisUrl());
  const user = `redelivery_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let fake: FakeTelegram;
  let app: TestService;

  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
    const url = new URL(testRedisUrl());
    url.username = user;
    url.password = password;
    fake = await startFakeTelegram({ token: TOKEN });
    app = await startTestService({
      REDIS_URL: url.toString(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
  });
  afterAll(async () => {
    await admin.call('ACL', 'SETUSER', user, '+@all');
    await app.stop();
    await fake.close();
    await admin.call('ACL', 'DELUSER', user);
    await admin.quit();
  });

  it('answers the message once, when it comes again', async () => {
    const update = {
      update_id: 5001,
      message: {
        message_id: 5001,
        date: 1_795_000_000,
        chat: { id: 77, type: 'private' },
        from: { id: 77, is_bot: false, first_name: 'Lan' },
        text: 'xin chào',
      },
    };
    const webhook = `${app.service.url}/webhooks/telegram`;
    await admin.call('ACL', 'SETUSER', user, '-@write');
    const refused = await deliverUpdate(webhook, update, SECRET);
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const stored = () => app.database.handle.db.select().from(messages).where(eq(messages.text, 'xin chào'));
    // Stored, with no turn yet: what the redelivery finds.
    expect((await stored()).map((message) => message.status)).toEqual(['received']);
    await admin.call('ACL', 'SETUSER', user, '+@all');
    expect((await deliverUpdate(webhook, update, SECRET)).status).toBe(200);
    const answered = () => fake.calls.filter((call) => call.method === 'sendMessage');
    await waitFor('the greeting and the menu', () => answered().length >= 2);
    expect((await stored()).map((message) => message.status)).toEqual(['processed']);
    // A third delivery (the provider never got our 2xx) is a message already handled: nothing more is sent.
    const before = answered().length;
    expect((await deliverUpdate(webhook, update, SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered()).toHaveLength(before);
  });
});
