import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachQueuedMessages, recordBatchSent } from '../core/db/batch-sends-repository.js';
import { createTranslator } from '../core/i18n/translator.js';
import { requeueUnsent } from '../workers/campaign-dispatch.js';
import {
  createQueues,
  outboundQueueName,
  type QueueSet,
  type SendBatchJob,
  type SendJob,
  sendJobId,
} from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { deliveryMessage, queuedCampaign } from './support/queued-campaign.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';

// A worker that died after storing a page of deliveries but before queueing their send jobs, or after handing a
// delivery to the one-message path but before queueing its job: the resumed run must queue them (the SIGKILL test
// only lands in those windows by chance).
describe('resuming a campaign after a crash', () => {
  let testDb: TestDatabase;
  let connection: Redis;
  let queues: QueueSet;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    connection = createRedisConnection(testRedisUrl());
    queues = createQueues(connection, prefix, ['sms-a']);
  });
  afterAll(async () => {
    await queues.close();
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
    await testDb.drop();
  });

  it('queues what was stored but never got a job, once, and nothing already sent', async () => {
    const db = testDb.handle.db;
    const phones = ['+84987300001', '+84987300002', '+84987300003', '+84987300004'];
    const { campaign, deliveryIds } = await queuedCampaign(db, phones);
    const [sentId, handedId, ...unsentIds] = deliveryIds;
    if (!sentId || !handedId) throw new Error('deliveries expected');
    await recordBatchSent(db, [{ ...(await deliveryMessage(db, sentId)), providerMessageId: 'smsc-1', segments: 1 }]);
    const [handed] = await attachQueuedMessages(db, [await deliveryMessage(db, handedId)]);

    const deps = { db, queues, routeFor: () => 'sms-a', translator: createTranslator(), znsTemplates: {} };
    expect(await requeueUnsent(deps, campaign, 1)).toBe(3);
    // Twice is still one job each: the same page makes the same batch job id, a message the same send job id.
    expect(await requeueUnsent(deps, campaign, 1)).toBe(3);
    const queue = new Queue<SendBatchJob | SendJob>(outboundQueueName('sms-a'), { connection, prefix });
    try {
      const jobs = await queue.getJobs(['wait', 'prioritized']);
      const batches = jobs.flatMap((job) => ('deliveryIds' in job.data ? [job.data] : []));
      expect(batches.flatMap((batch) => batch.deliveryIds).sort()).toEqual([...unsentIds].sort());
      expect(new Set(batches.map((batch) => batch.campaignId))).toEqual(new Set([campaign.id]));
      const singles = jobs.filter((job) => 'messageId' in job.data);
      expect(singles.map((job) => job.id)).toEqual([sendJobId(handed?.messageId ?? '')]);
      // A routine campaign's message keeps its bulk priority on the one-message path: behind conversation replies.
      expect(singles[0]?.opts.priority).toBe(3);
    } finally {
      await queue.close();
    }
  });
});
