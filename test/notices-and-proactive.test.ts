import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { Resource } from 'i18next';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplyDispatcher } from '../bots/reply-dispatch.js';
import { resolveIdentity, touchIdentityInbound } from '../core/db/identities-repository.js';
import { markSent } from '../core/db/messages-repository.js';
import { channelIdentities, messages, people } from '../core/db/schema.js';
import type { FlowCatalog } from '../core/dialogs/bot.js';
import type { FlowAction } from '../core/dialogs/flow-dialog.js';
import { runInboundTurn } from '../core/dialogs/turn-runner.js';
import { noticeFromTurn, sayImage } from '../core/dialogs/turn-services.js';
import { qrImage } from '../core/domain/qr.js';
import { createTranslator, loadLocaleResources } from '../core/i18n/translator.js';
import { sendNotice } from '../workers/notices.js';
import { startFlowFor } from '../workers/proactive-flow.js';
import { createQueues, outboundQueueName, type QueueSet, sendJobId } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';

const texts = {
  alert: 'Staff: {{who}} needs help.',
  receipt: 'Your receipt {{code}}.',
  daily: 'Daily check, {{day}}.',
};
const base = loadLocaleResources();
const translator = createTranslator({
  vi: { ...base.vi, test: { ...texts, alert: 'Cán bộ: {{who}} cần giúp.' } },
  en: { ...base.en, test: texts },
} satisfies Resource);

// A flow that answers with a QR receipt and tells a ward officer, as a declaration does.
const declare: FlowAction = async ({ context }) => {
  await sayImage(context, 'test:receipt', { code: 'AB12' }, await qrImage('AB12', 'receipt AB12'));
  noticeFromTurn(context, { phone: '+84911111111' }, 'test:alert', { who: 'Lan' });
  return undefined;
};
const catalog: FlowCatalog = {
  flows: [
    { id: 'menu', steps: [{ kind: 'action', id: 'declare', action: 'declare' }] },
    { id: 'daily', steps: [{ kind: 'say', id: 'ask', text: 'test:daily' }] },
  ],
  actions: new Map([['declare', declare]]),
  optionSources: new Map(),
};

describe('notices, service-started flows and reply images', () => {
  let testDb: TestDatabase;
  let connection: Redis;
  let queues: QueueSet;
  let prefix: string;
  const routeFor = (channel: string) => (channel === 'telegram' ? 'telegram' : channel === 'sms' ? 'sms-a' : undefined);
  const jobOn = async (route: string, messageId: string) => {
    const queue = new Queue(outboundQueueName(route), { connection, prefix });
    try {
      return await queue.getJob(sendJobId(messageId));
    } finally {
      await queue.close();
    }
  };
  const deps = () => ({ db: testDb.handle.db, queues, translator, defaultLocale: 'vi' as const, routeFor });

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    connection = createRedisConnection(testRedisUrl());
    prefix = testQueuePrefix();
    queues = createQueues(connection, prefix, ['telegram', 'sms-a']);
  });
  afterAll(async () => {
    await queues.close();
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
    await testDb.drop();
  });

  it('texts a phone nobody has met, once per notice key, in the default language', async () => {
    const notice = { target: { phone: '+84922222222' }, key: 'test:alert', vars: { who: 'An' }, noticeKey: 'n-1' };
    expect(await sendNotice(deps(), notice)).toBe('queued');
    expect(await sendNotice(deps(), notice)).toBe('queued');
    const rows = await testDb.handle.db.select().from(messages).where(eq(messages.noticeKey, 'n-1'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'sms', status: 'queued', text: 'Cán bộ: An cần giúp.' });
    expect(await jobOn('sms-a', rows[0]?.id ?? '')).toBeTruthy();
    await markSent(testDb.handle.db, rows[0]?.id ?? '', 'smsc-1', 1);
    expect(await sendNotice(deps(), notice)).toBe('already_sent');
    const [person] = await testDb.handle.db.select().from(people).where(eq(people.phone, '+84922222222'));
    expect(person?.locale).toBe('vi');
  });

  it('reaches a person on the channel they last wrote from, in their language', async () => {
    const db = testDb.handle.db;
    const tg = await resolveIdentity(db, { channel: 'telegram', externalId: '5001', locale: 'en' });
    await db.insert(channelIdentities).values({ personId: tg.person.id, channel: 'sms', externalId: '+84933333333' });
    await touchIdentityInbound(db, tg.identity.id, new Date());
    const notice = { target: { personId: tg.person.id }, key: 'test:alert', vars: { who: 'Binh' }, noticeKey: 'n-2' };
    expect(await sendNotice(deps(), notice)).toBe('queued');
    const [row] = await db.select().from(messages).where(eq(messages.noticeKey, 'n-2'));
    expect(row).toMatchObject({ channel: 'telegram', identityId: tg.identity.id, text: 'Staff: Binh needs help.' });
  });

  it('says when a person cannot be reached or their channel has no route', async () => {
    const db = testDb.handle.db;
    const [nobody] = await db.insert(people).values({ locale: 'vi' }).returning();
    const unreachable = { target: { personId: nobody?.id ?? '' }, key: 'test:alert', noticeKey: 'n-3' };
    expect(await sendNotice(deps(), unreachable)).toBe('unreachable');
    const zalo = await resolveIdentity(db, { channel: 'zalo', externalId: 'z-1', locale: 'vi' });
    const noRoute = { target: { personId: zalo.person.id }, key: 'test:alert', noticeKey: 'n-4' };
    expect(await sendNotice(deps(), noRoute)).toBe('no_route');
    const [row] = await db.select().from(messages).where(eq(messages.noticeKey, 'n-4'));
    expect(row).toMatchObject({ status: 'failed', error: 'no_route' });
  });

  it('starts a flow once per key, without reopening the provider reply window', async () => {
    const db = testDb.handle.db;
    const tg = await resolveIdentity(db, { channel: 'telegram', externalId: '5002', locale: 'en' });
    const start = { personId: tg.person.id, flow: 'daily', answers: { day: 'Monday' }, key: 'daily:5002:d1' };
    expect(await startFlowFor({ db, queues, defaultLocale: 'vi' }, start)).toBe(true);
    expect(await startFlowFor({ db, queues, defaultLocale: 'vi' }, start)).toBe(true);
    const inbound = await db.select().from(messages).where(eq(messages.providerMessageId, 'system:daily:5002:d1'));
    expect(inbound).toHaveLength(1);
    const outcome = await runInboundTurn(
      { database: testDb.handle, translator, catalog, replyStatusOf: () => 'queued', defaultLocale: 'vi' },
      inbound[0]?.id ?? '',
    );
    expect(outcome.status === 'done' && outcome.replies.map((reply) => reply.text)).toEqual(['Daily check, Monday.']);
    const [identity] = await db.select().from(channelIdentities).where(eq(channelIdentities.id, tg.identity.id));
    expect(identity?.lastInboundAt).toBeNull();
  });

  it('stores a reply image and a turn notice, then routes each to its own channel', async () => {
    const db = testDb.handle.db;
    const tg = await resolveIdentity(db, { channel: 'telegram', externalId: '5003', locale: 'en' });
    const [inbound] = await db
      .insert(messages)
      .values({
        direction: 'inbound',
        status: 'received',
        channel: 'telegram',
        identityId: tg.identity.id,
        providerMessageId: 'tg-5003-1',
        text: 'hi',
      })
      .returning();
    const id = inbound?.id ?? '';
    await runInboundTurn(
      { database: testDb.handle, translator, catalog, replyStatusOf: () => 'queued', defaultLocale: 'vi' },
      id,
    );
    const stored = await db.select().from(messages).where(eq(messages.replyToId, id));
    const reply = stored.find((row) => row.channel === 'telegram');
    const notice = stored.find((row) => row.channel === 'sms');
    expect(reply?.text).toBe('Your receipt AB12.');
    const image = (reply?.payload as { image?: { pngBase64: string; alt: string } } | undefined)?.image;
    expect(image?.alt).toBe('receipt AB12');
    expect(
      Buffer.from(image?.pngBase64 ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(notice?.text).toBe('Cán bộ: Lan cần giúp.');
    await createReplyDispatcher({ db, queues, routeFor })(id);
    expect(await jobOn('telegram', reply?.id ?? '')).toBeTruthy();
    expect(await jobOn('sms-a', notice?.id ?? '')).toBeTruthy();
  });

  it('stores nothing of a turn notice when the turn fails', async () => {
    const db = testDb.handle.db;
    const tg = await resolveIdentity(db, { channel: 'telegram', externalId: '5004', locale: 'en' });
    const dying: FlowCatalog = {
      ...catalog,
      actions: new Map([
        [
          'declare',
          async (input) => {
            await declare(input);
            throw new Error('worker died');
          },
        ],
      ]),
    };
    const [inbound] = await db
      .insert(messages)
      .values({
        direction: 'inbound',
        status: 'received',
        channel: 'telegram',
        identityId: tg.identity.id,
        providerMessageId: 'tg-5004-1',
        text: 'hi',
      })
      .returning();
    await expect(
      runInboundTurn(
        { database: testDb.handle, translator, catalog: dying, replyStatusOf: () => 'queued', defaultLocale: 'vi' },
        inbound?.id ?? '',
      ),
    ).rejects.toThrow('worker died');
    expect(
      await db
        .select()
        .from(messages)
        .where(eq(messages.replyToId, inbound?.id ?? '')),
    ).toEqual([]);
  });
});
