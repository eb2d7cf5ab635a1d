import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSent } from '../core/db/messages-repository.js';
import { createTranslator } from '../core/i18n/translator.js';
import { requeueUnsent } from '../workers/campaign-dispatch.js';
import { createQueues, outboundQueueName, type QueueSet, type SendBatchJob } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';

// A fan-out that died after storing a page of messages but before queueing their send jobs: the resumed run must
// queue them (the SIGKILL test only lands in that window by chance).
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

  it('queues the stored messages that never got a job, once, and nothing already sent', async () => {
    const db = testDb.handle.db;
    // The messages are stored and linked, as the dying fan-out left them, but no send job was queued.
    const { campaign, messageIds } = await queuedCampaign(db, ['+84987300001', '+84987300002', '+84987300003']);
    const [sentId, ...unsentIds] = messageIds;
    await markSent(db, sentId ?? '', 'smsc-1', 1);

    const deps = { db, queues, routeFor: () => 'sms-a', translator: createTranslator(), znsTemplates: {} };
    expect(await requeueUnsent(deps, campaign, 1)).toBe(2);
    // Twice is still one job each: the same page makes the same batch job id.
    expect(await requeueUnsent(deps, campaign, 1)).toBe(2);
    const queue = new Queue<SendBatchJob>(outboundQueueName('sms-a'), { connection, prefix });
    try {
      const jobs = await queue.getJobs(['wait', 'prioritized']);
      const queued = jobs.flatMap((job) => job.data.messageIds);
      expect(queued.sort()).toEqual([...unsentIds].sort());
      expect(new Set(jobs.map((job) => job.data.campaignId))).toEqual(new Set([campaign.id]));
    } finally {
      await queue.close();
    }
  });
});
