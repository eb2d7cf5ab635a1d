import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, findCampaign } from '../core/db/campaigns-repository.js';
import type { Database } from '../core/db/database.js';
import { deliveries, people } from '../core/db/schema.js';
import { createTranslator } from '../core/i18n/translator.js';
import type { DispatchDeps } from '../workers/campaign-dispatch.js';
import { fanOutList } from '../workers/list-fanout.js';
import { createQueues, outboundQueueName, type QueueSet, type SendBatchJob } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';

// An uploaded list planned three pages side by side, each lane taking the next page as soon as its own is done.
describe('planning an uploaded list in lanes', () => {
  let testDb: TestDatabase;
  let connection: Redis;
  let queues: QueueSet;
  const prefix = testQueuePrefix();
  const db = (): Database => testDb.handle.db;
  const deps = (routeFor: DispatchDeps['routeFor'] = () => 'sms-a'): DispatchDeps => ({
    db: db(),
    queues,
    routeFor,
    translator: createTranslator(),
    znsTemplates: {},
  });
  const always = async () => true;
  let pagesDone = 0;
  const inLanes = (running: () => Promise<boolean>) => ({
    pageSize: 3,
    lanes: 3,
    running,
    afterPage: async () => {
      pagesDone += 1;
    },
  });

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

  /** 23 rows, the third phone listed twice: 22 people. */
  async function listCampaign(series: string) {
    const phones = Array.from({ length: 22 }, (_, i) => `${series}${String(i).padStart(2, '0')}`);
    phones.splice(5, 0, phones[2] as string);
    return createCampaign(
      db(),
      {
        kind: 'exposure',
        title: 'lanes',
        message: { text: { vi: 'Canh bao' } },
        audience: { type: 'phones' },
        channelPolicy: ['sms'],
        createdBy: 'test',
      },
      phones.map((phone) => ({ phone })),
    );
  }

  const current = async (id: string) => {
    const campaign = await findCampaign(db(), id);
    if (!campaign) throw new Error('campaign vanished');
    return campaign;
  };

  async function storedDeliveries(campaignId: string) {
    return db()
      .select({ id: deliveries.id, phone: people.phone })
      .from(deliveries)
      .innerJoin(people, eq(people.id, deliveries.personId))
      .where(eq(deliveries.campaignId, campaignId));
  }

  /** Each delivery id queued in a batch job for this campaign, with how many times. */
  async function queuedTimes(campaignId: string): Promise<Map<string, number>> {
    const queue = new Queue<SendBatchJob>(outboundQueueName('sms-a'), { connection, prefix });
    try {
      const times = new Map<string, number>();
      for (const job of await queue.getJobs(['wait', 'prioritized'])) {
        if (job.data.campaignId !== campaignId) continue;
        for (const id of job.data.deliveryIds) times.set(id, (times.get(id) ?? 0) + 1);
      }
      return times;
    } finally {
      await queue.close();
    }
  }

  async function expectEveryoneOnce(campaignId: string, series: string) {
    const stored = await storedDeliveries(campaignId);
    expect(stored.map((row) => row.phone).sort()).toEqual(
      Array.from({ length: 22 }, (_, i) => `${series}${String(i).padStart(2, '0')}`),
    );
    const times = await queuedTimes(campaignId);
    expect([...times.keys()].sort()).toEqual(stored.map((row) => row.id).sort());
    expect([...times.values()].every((n) => n === 1)).toBe(true);
  }

  it('plans and queues every person once, and marks the list done past its last row', async () => {
    const series = '+849876100';
    const campaign = await listCampaign(series);
    pagesDone = 0;
    await fanOutList(deps(), await current(campaign.id), inLanes(always));
    // 23 rows in pages of 3: eight pages with rows, and any empty one a lane took before the end was known.
    expect(pagesDone).toBeGreaterThanOrEqual(8);
    await expectEveryoneOnce(campaign.id, series);
    // 23 rows in pages of 3: done once the short page (rows 22-23) and all before it committed; lanes that took the
    // empty pages after it before the end was known may move the cursor past it.
    const planned = await current(campaign.id);
    expect(planned.fanoutDone).toBe(true);
    expect(Number(planned.fanoutCursor)).toBeGreaterThanOrEqual(24);
  });

  it('stops every lane when the campaign stops running, and a later run plans the rest, nobody twice', async () => {
    const series = '+849876200';
    const campaign = await listCampaign(series);
    let asked = 0;
    const untilPaused = async () => ++asked <= 4;
    await fanOutList(deps(), await current(campaign.id), inLanes(untilPaused));
    const stopped = await current(campaign.id);
    expect(stopped.fanoutDone).toBe(false);
    // Four pages were planned, rows 1-12: 11 people (the repeat is row 6); the cursor passed only pages with none
    // missing before them.
    expect(await storedDeliveries(campaign.id)).toHaveLength(11);
    expect(Number(stopped.fanoutCursor ?? 0)).toBeLessThanOrEqual(12);
    await fanOutList(deps(), stopped, inLanes(always));
    await expectEveryoneOnce(campaign.id, series);
    expect(await current(campaign.id)).toMatchObject({ fanoutDone: true });
  });

  it('throws a lane’s failure once the others finish their page, leaving the cursor before the failed page', async () => {
    const series = '+849876300';
    const campaign = await listCampaign(series);
    const broken = `${series}10`;
    const failing = deps((_channel, externalId) => {
      if (externalId === broken) throw new Error('route table unreadable');
      return 'sms-a';
    });
    await expect(fanOutList(failing, await current(campaign.id), inLanes(always))).rejects.toThrow(
      'route table unreadable',
    );
    const failed = await current(campaign.id);
    // The broken phone is on row 12 (the repeat is row 6): its page, rows 10-12, rolled back whole.
    expect(failed.fanoutDone).toBe(false);
    expect(Number(failed.fanoutCursor ?? 0)).toBeLessThanOrEqual(9);
    expect((await storedDeliveries(campaign.id)).map((row) => row.phone)).not.toContain(broken);
    await fanOutList(deps(), failed, inLanes(always));
    await expectEveryoneOnce(campaign.id, series);
  });
});
