import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, messages } from '../core/db/schema.js';
import { deliverUpdate, type FakeTelegram, startFakeTelegram } from './peers/fake-telegram.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { testRedisUrl } from './support/test-redis.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = '123456:telegram-redis-away-token';
const SECRET = 'telegram_webhook_secret-2';
const SMPP = { systemId: 'soyte', password: 'smpp-away' };

// A message that arrives while Redis refuses the service's writes is stored but cannot be handed to a turn: its
// provider is told we did not take it (a webhook's 5xx, an SMSC's refusal) and delivers it again, and that delivery
// must be answered exactly once. The fault is Redis's own: the service connects as a Redis ACL user of this test,
// whose write commands are revoked and then given back.
describe('messages arriving while Redis refuses writes', () => {
  const admin = new Redis(testRedisUrl());
  const user = `intake_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let fake: FakeTelegram;
  let smsc: SmscSimulator;
  let app: TestService;
  let webhook: string;

  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
    const url = new URL(testRedisUrl());
    url.username = user;
    url.password = password;
    fake = await startFakeTelegram({ token: TOKEN });
    // A refused MO is delivered again every 100 ms, as an SMSC retries.
    smsc = await startSmscSimulator({ ...SMPP, redeliverAfterMs: 100, deliveryAttempts: 100 });
    app = await startTestService({
      REDIS_URL: url.toString(),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
      SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=25&prefixes=86,96-98,32-39&source=SOYTE`,
    });
    webhook = `${app.service.url}/webhooks/telegram`;
  });
  afterAll(async () => {
    await admin.call('ACL', 'SETUSER', user, '+@all');
    await app.stop();
    await smsc.close();
    await fake.close();
    await admin.call('ACL', 'DELUSER', user);
    await admin.quit();
  });

  const refuseWrites = () => admin.call('ACL', 'SETUSER', user, '-@write');
  const allowWrites = () => admin.call('ACL', 'SETUSER', user, '+@all');
  const update = (chatId: number, text: string) => ({
    update_id: chatId,
    message: {
      message_id: chatId,
      date: 1_795_000_000,
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false, first_name: 'Lan' },
      text,
    },
  });
  const inboundOf = (externalId: string) =>
    app.database.handle.db
      .select({ status: messages.status })
      .from(messages)
      .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
      .where(and(eq(messages.direction, 'inbound'), eq(channelIdentities.externalId, externalId)));
  const answersTo = (chatId: number) =>
    fake.calls.filter((call) => call.method === 'sendMessage' && String(call.body.chat_id) === String(chatId));

  it('keeps nothing of a webhook it answered 5xx, and answers its redelivery once', async () => {
    await refuseWrites();
    expect((await deliverUpdate(webhook, update(71, 'xin chào'), SECRET)).status).toBeGreaterThanOrEqual(500);
    expect(await inboundOf('71')).toEqual([]);
    await allowWrites();
    expect((await deliverUpdate(webhook, update(71, 'xin chào'), SECRET)).status).toBe(200);
    await waitFor('the greeting and the menu', () => answersTo(71).length >= 2);
    expect(await inboundOf('71')).toEqual([{ status: 'processed' }]);
    // Delivered a third time (the provider never got our 2xx): a message already handled, nothing more is sent.
    const before = answersTo(71).length;
    expect((await deliverUpdate(webhook, update(71, 'xin chào'), SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answersTo(71)).toHaveLength(before);
  });

  it('gives a webhook whose copy could not be removed either its turn when it comes again', async () => {
    const db = app.database.handle.db;
    // PostgreSQL refuses to delete messages as well: the copy stays, waiting for a turn.
    await db.execute(sql`create function keep_messages() returns trigger language plpgsql
                         as $$ begin raise exception 'deletes refused'; end $$`);
    await db.execute(sql`create trigger keep_messages before delete on messages
                         for each row execute function keep_messages()`);
    try {
      await refuseWrites();
      expect((await deliverUpdate(webhook, update(72, 'xin chào'), SECRET)).status).toBeGreaterThanOrEqual(500);
      expect(await inboundOf('72')).toEqual([{ status: 'received' }]);
      await allowWrites();
      expect((await deliverUpdate(webhook, update(72, 'xin chào'), SECRET)).status).toBe(200);
      await waitFor('the greeting and the menu', () => answersTo(72).length >= 2);
      expect(await inboundOf('72')).toEqual([{ status: 'processed' }]);
    } finally {
      await allowWrites();
      await db.execute(sql`drop trigger keep_messages on messages`);
      await db.execute(sql`drop function keep_messages()`);
    }
  });

  it('refuses an SMS while its turn cannot be queued, and answers the SMSC’s redelivery once', async () => {
    const elder = '84987000073';
    await refuseWrites();
    let taken = false;
    const delivered = smsc.injectMo(elder, '8088', 'xin chao').then(() => {
      taken = true;
    });
    try {
      // Redelivered every 100 ms; none of those is taken while Redis refuses.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(taken).toBe(false);
    } finally {
      await allowWrites();
    }
    await delivered;
    const sms = () => smsc.submitted.filter((pdu) => pdu.destination.replace(/^\+/, '') === elder);
    await waitFor('the greeting and the menu', () => sms().length >= 2);
    // One copy: each refused delivery's was removed, though SMPP gives the redelivery no id of the first.
    expect(await inboundOf(`+${elder}`)).toEqual([{ status: 'processed' }]);
  });
});
