import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  attachQueuedMessages,
  loadBatchSends,
  recordBatchFailure,
  recordBatchSent,
  returnToPending,
  skipBatch,
} from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { markSent, recordOutbound } from '../core/db/messages-repository.js';
import { deliveries, messages } from '../core/db/schema.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { SendClaims } from '../workers/send-claims.js';
import { deliveryMessage, queuedCampaign } from './support/queued-campaign.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';

const WINDOW_MS = 60_000;
const queued = async (db: Database, phones: readonly string[]) => (await queuedCampaign(db, phones)).deliveryIds;

const deliveryOf = async (db: Database, deliveryId: string) => {
  const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!delivery) throw new Error(`no delivery ${deliveryId}`);
  return delivery;
};
const messagesOf = (db: Database, identityId: string) =>
  db.select().from(messages).where(eq(messages.identityId, identityId));

describe.each(BOTH_ENGINES)('batch send statements on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('loads only queued deliveries, records each send once with the message it went as, and skips the rest', async () => {
    const [a, b, c] = await queued(db(), ['+84987400001', '+84987400002', '+84987400003']);
    if (!a || !b || !c) throw new Error('three deliveries expected');
    const loaded = await loadBatchSends(db(), [a, b, c], WINDOW_MS);
    expect(loaded.sends.map((send) => send.externalId)).toEqual(['+84987400001', '+84987400002', '+84987400003']);
    expect(loaded.sends[0]).toMatchObject({ deliveryId: a, channel: 'sms', locale: 'vi', params: {} });
    expect(loaded).toMatchObject({ behind: [], handedOver: [] });

    const sentA = await deliveryMessage(db(), a);
    await recordBatchSent(db(), [{ ...sentA, providerMessageId: 'smsc-a', segments: 2 }]);
    // A late duplicate record of the same send changes nothing and stores no second message.
    const again = await deliveryMessage(db(), a);
    await recordBatchSent(db(), [{ ...again, providerMessageId: 'smsc-a-again', segments: 9 }]);
    expect(await deliveryOf(db(), a)).toMatchObject({ status: 'sent', segments: 2, messageId: sentA.messageId });
    expect(await messagesOf(db(), sentA.identityId)).toMatchObject([
      {
        id: sentA.messageId,
        deliveryId: a,
        direction: 'outbound',
        status: 'sent',
        channel: 'sms',
        text: 'Thong bao',
        providerMessageId: 'smsc-a',
        segments: 2,
      },
    ]);

    await skipBatch(db(), [a, b], 'cancelled');
    expect(await deliveryOf(db(), a)).toMatchObject({ status: 'sent' });
    expect(await deliveryOf(db(), b)).toMatchObject({ status: 'skipped', reason: 'cancelled', messageId: null });
    expect((await loadBatchSends(db(), [a, b, c], WINDOW_MS)).sends.map((send) => send.deliveryId)).toEqual([c]);
  });

  it('stores many sends in one statement, each with its own wording, payload and provider id, whatever they hold', async () => {
    const phones = ['+84987400041', '+84987400042', '+84987400043', '+84987400044'];
    const ids = await queued(db(), phones);
    // Characters an array literal treats as syntax, and a text that reads like its NULL.
    const awkward = 'Ket qua: "am tinh", {ngay} 5\\12, C:\\tmp';
    const template = { template: { id: 'zns-42', params: { name: 'Lan "Nho"' } } };
    const wordings = [
      { text: awkward },
      { text: 'NULL' },
      { text: awkward, payload: template },
      { text: 'Kết quả xét nghiệm của bạn' },
    ];
    const records = await Promise.all(
      ids.map(async (id, i) => ({
        ...(await deliveryMessage(db(), id)),
        ...wordings[i],
        providerMessageId: `p,{${i}} "q"\\`,
        segments: i + 1,
      })),
    );
    await recordBatchSent(db(), records);
    for (const [i, record] of records.entries()) {
      const [stored] = await db().select().from(messages).where(eq(messages.id, record.messageId));
      expect(stored).toMatchObject({
        deliveryId: record.deliveryId,
        identityId: record.identityId,
        channel: 'sms',
        status: 'sent',
        text: wordings[i]?.text,
        payload: wordings[i]?.payload ?? null,
        providerMessageId: `p,{${i}} "q"\\`,
        segments: i + 1,
      });
      expect(await deliveryOf(db(), record.deliveryId)).toMatchObject({ status: 'sent', segments: i + 1 });
    }
  });

  it('holds a delivery back behind an earlier message to the same person still queued', async () => {
    const [held, other] = await queued(db(), ['+84987400011', '+84987400012']);
    if (!held || !other) throw new Error('deliveries expected');
    const { identityId } = await deliveryMessage(db(), held);
    const reply = await recordOutbound(db(), { channel: 'sms', identityId, text: 'Cam on ban' });
    const loaded = await loadBatchSends(db(), [held, other], WINDOW_MS);
    expect(loaded.behind.map((send) => send.deliveryId)).toEqual([held]);
    expect(loaded.sends.map((send) => send.deliveryId)).toEqual([other]);
    // Older than the window, or sent: no longer in the way.
    expect((await loadBatchSends(db(), [held], 0)).behind).toEqual([]);
    await markSent(db(), reply.id, 'smsc-reply', 1);
    expect((await loadBatchSends(db(), [held], WINDOW_MS)).sends.map((send) => send.deliveryId)).toEqual([held]);
  });

  it('hands a delivery to the one-message path once, and a rerun of its batch finds it handed over', async () => {
    const [handed, kept] = await queued(db(), ['+84987400021', '+84987400022']);
    if (!handed || !kept) throw new Error('deliveries expected');
    const message = await deliveryMessage(db(), handed);
    expect(await attachQueuedMessages(db(), [message])).toEqual([message]);
    expect(await attachQueuedMessages(db(), [await deliveryMessage(db(), handed)])).toEqual([]);
    expect(await deliveryOf(db(), handed)).toMatchObject({ status: 'queued', messageId: message.messageId });
    const [stored] = await db().select().from(messages).where(eq(messages.id, message.messageId));
    expect(stored).toMatchObject({
      status: 'queued',
      text: 'Thong bao',
      identityId: message.identityId,
      deliveryId: handed,
    });
    const loaded = await loadBatchSends(db(), [handed, kept], WINDOW_MS);
    expect(loaded.handedOver).toEqual([message.messageId]);
    expect(loaded.sends.map((send) => send.deliveryId)).toEqual([kept]);
    // Once its message is sent, nothing of it is left for the batch.
    await markSent(db(), message.messageId, 'smsc-h', 1);
    expect((await loadBatchSends(db(), [handed], WINDOW_MS)).handedOver).toEqual([]);
  });

  it('keeps a refused send as a failed message and returns its delivery to pending, once', async () => {
    const [refused, givenUp] = await queued(db(), ['+84987400031', '+84987400032']);
    if (!refused || !givenUp) throw new Error('deliveries expected');
    const message = await deliveryMessage(db(), refused);
    expect(await recordBatchFailure(db(), message, 'SMS_INVALID_NUMBER')).toBe(true);
    expect(await recordBatchFailure(db(), await deliveryMessage(db(), refused), 'again')).toBe(false);
    expect(await deliveryOf(db(), refused)).toMatchObject({
      status: 'pending',
      reason: 'SMS_INVALID_NUMBER',
      messageId: null,
    });
    expect(await messagesOf(db(), message.identityId)).toMatchObject([
      { id: message.messageId, status: 'failed', error: 'SMS_INVALID_NUMBER' },
    ]);
    // A batch that gave up returns what it holds, not what already moved on.
    expect(await returnToPending(db(), [refused, givenUp], 'gave up')).toEqual([givenUp]);
    expect(await deliveryOf(db(), givenUp)).toMatchObject({ status: 'pending', reason: 'gave up' });
  });
});

describe('send claims on real Redis', () => {
  const redis = createRedisConnection(testRedisUrl());
  const prefix = testQueuePrefix();
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('gives each send to one job, again to the same job, and to whoever it is handed', async () => {
    const claims = new SendClaims(redis, `${prefix}:claim`, 60_000);
    const [first, second] = await Promise.all([
      claims.claim(['m1', 'm2', 'm3'], 'batch-a'),
      claims.claim(['m3', 'm4'], 'batch-b'),
    ]);
    const m3Owners = [first, second].filter((owned) => owned.includes('m3'));
    expect(m3Owners).toHaveLength(1);
    expect([...first, ...second].sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
    // A retried job (same id) finds its own claims, in the order asked.
    expect(await claims.claim(['m2', 'm1'], 'batch-a')).toEqual(['m2', 'm1']);
    await claims.transfer(['m2'], 'send-m2');
    expect(await claims.claim(['m1', 'm2'], 'batch-a')).toEqual(['m1']);
    expect(await claims.claim(['m2'], 'send-m2')).toEqual(['m2']);
    await claims.release(['m1']);
    expect(await claims.claim(['m1'], 'batch-c')).toEqual(['m1']);
    expect(await claims.claim([], 'batch-c')).toEqual([]);
  });

  it('lets a claim lapse after its time, so a job that died for good does not hold a send forever', async () => {
    const claims = new SendClaims(redis, `${prefix}:lapse`, 50);
    expect(await claims.claim(['d1'], 'dead-job')).toEqual(['d1']);
    expect(await claims.claim(['d1'], 'other-job')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await claims.claim(['d1'], 'other-job')).toEqual(['d1']);
  });
});
