import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadBatchSends,
  messagesBehindEarlier,
  recordBatchSent,
  skipBatch,
} from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { deliveries, messages } from '../core/db/schema.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { SendClaims } from '../workers/send-claims.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { BOTH_ENGINES, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';

const queued = async (db: Database, phones: readonly string[]) => (await queuedCampaign(db, phones)).messageIds;

const statusOf = async (db: Database, messageId: string) => {
  const [message] = await db.select().from(messages).where(eq(messages.id, messageId));
  const [delivery] = await db.select().from(deliveries).where(eq(deliveries.messageId, messageId));
  return {
    message: message?.status,
    delivery: delivery?.status,
    segments: delivery?.segments,
    reason: delivery?.reason,
  };
};

describe.each(BOTH_ENGINES)('batch send statements on $engine', ({ create }) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;
  beforeAll(async () => {
    testDb = await create();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('loads only queued messages, records sends once with their deliveries, and skips the rest', async () => {
    const [a, b, c] = await queued(db(), ['+84987400001', '+84987400002', '+84987400003']);
    if (!a || !b || !c) throw new Error('three messages expected');
    const loaded = await loadBatchSends(db(), [a, b, c]);
    expect(loaded.map((send) => send.externalId).sort()).toEqual(['+84987400001', '+84987400002', '+84987400003']);

    await recordBatchSent(db(), [{ messageId: a, providerMessageId: 'smsc-a', segments: 2 }]);
    // A late duplicate record of the same send changes nothing.
    await recordBatchSent(db(), [{ messageId: a, providerMessageId: 'smsc-a-again', segments: 9 }]);
    expect(await statusOf(db(), a)).toMatchObject({ message: 'sent', delivery: 'sent', segments: 2 });
    const [stored] = await db().select().from(messages).where(eq(messages.id, a));
    expect(stored?.providerMessageId).toBe('smsc-a');

    await skipBatch(db(), [a, b], 'cancelled');
    expect(await statusOf(db(), a)).toMatchObject({ message: 'sent', delivery: 'sent' });
    expect(await statusOf(db(), b)).toMatchObject({ message: 'skipped', delivery: 'skipped', reason: 'cancelled' });
    expect((await loadBatchSends(db(), [a, b, c])).map((send) => send.message.id)).toEqual([c]);
  });

  it('holds back a campaign message behind an earlier queued message to the same person outside the batch', async () => {
    const [first] = await queued(db(), ['+84987400011']);
    const [second, other] = await queued(db(), ['+84987400011', '+84987400012']);
    if (!first || !second || !other) throw new Error('messages expected');
    expect(await messagesBehindEarlier(db(), [second, other], 60_000)).toEqual(new Set([second]));
    // In the same batch the two are sent in order by the batch itself.
    expect(await messagesBehindEarlier(db(), [first, second, other], 60_000)).toEqual(new Set());
    await recordBatchSent(db(), [{ messageId: first, providerMessageId: 'smsc-f', segments: 1 }]);
    expect(await messagesBehindEarlier(db(), [second, other], 60_000)).toEqual(new Set());
  });
});

describe('send claims on real Redis', () => {
  const redis = createRedisConnection(testRedisUrl());
  const prefix = testQueuePrefix();
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('gives each message to one job, again to the same job, and to whoever it is handed', async () => {
    const claims = new SendClaims(redis, `${prefix}:claim`, 60_000);
    const [first, second] = await Promise.all([
      claims.claim(['m1', 'm2', 'm3'], 'batch-a'),
      claims.claim(['m3', 'm4'], 'batch-b'),
    ]);
    const m3Owners = [first, second].filter((owned) => owned.includes('m3'));
    expect(m3Owners).toHaveLength(1);
    expect([...first, ...second].sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
    // A retried job (same id) finds its own claims.
    expect(await claims.claim(['m1', 'm2'], 'batch-a')).toEqual(['m1', 'm2']);
    await claims.transfer(['m2'], 'send-m2');
    expect(await claims.claim(['m1', 'm2'], 'batch-a')).toEqual(['m1']);
    expect(await claims.claim(['m2'], 'send-m2')).toEqual(['m2']);
    await claims.release(['m1']);
    expect(await claims.claim(['m1'], 'batch-c')).toEqual(['m1']);
  });
});
