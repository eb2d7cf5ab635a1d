import { Queue, type Worker } from 'bullmq';
import { eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmppGateways, SmppSender } from '../bots/sms/smpp/index.js';
import { openDatabase } from '../core/db/database.js';
import { linkIdentityToPhone, resolveIdentity } from '../core/db/identities-repository.js';
import { campaigns, deliveries } from '../core/db/schema.js';
import { createTranslator } from '../core/i18n/translator.js';
import { Metrics } from '../core/observability/metrics.js';
import { createDeliveryHooks } from '../workers/campaign-delivery-hooks.js';
import { createOutboundWorker } from '../workers/outbound-send.js';
import { createQueues, outboundQueueName, type QueueSet, type SendBatchJob } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { SentRecorder } from '../workers/sent-recorder.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';
import { waitFor } from './support/wait-for.js';

const ROUTES = { sms: 'sms-a', telegram: 'tg' } as const;

// A batch job that fails on its last attempt (here its only one) must not leave its deliveries queued for good: what
// it still owns goes back to each person's channel policy, on to the next channel or ended with the reason — never
// forgotten, and nothing the carrier already took is sent again on the same channel.
describe('a campaign batch that gives up', () => {
  let testDb: TestDatabase;
  let connection: Redis;
  let queues: QueueSet;
  let smsc: SmscSimulator;
  let sender: SmppSender;
  let worker: Worker;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    connection = createRedisConnection(testRedisUrl());
    queues = createQueues(connection, prefix, Object.values(ROUTES));
    smsc = await startSmscSimulator({ systemId: 'soyte', password: 'gave-up', receiptDelayMs: 3_600_000 });
    const { gateways } = createSmppGateways({
      SMPP_GATEWAYS: `viettel=smpp://soyte:gave-up@127.0.0.1:${smsc.port}?tps=200&prefixes=86,96-98,32-39&source=SOYTE`,
    });
    for (const gateway of gateways) gateway.start();
    sender = new SmppSender({ gateways, unicode: false });
    await Promise.all(gateways.map((gateway) => gateway.waitUntilUp(2_000)));
    // The sends' own connection, lost for good: every store of a send fails, so the batch fails after its submits.
    if (!testDb.url) throw new Error('a PostgreSQL test database has a URL');
    const sends = await openDatabase({ url: testDb.url, dataDir: '.', poolSize: 1 });
    await sends.close();
    const db = testDb.handle.db;
    const hooks = createDeliveryHooks({
      db,
      queues,
      routeFor: (channel) => ROUTES[channel as keyof typeof ROUTES],
      translator: createTranslator(),
      znsTemplates: {},
      quietHours: { startHour: 21, endHour: 7 },
      now: () => new Date(),
      recheckMs: 100,
    });
    worker = createOutboundWorker({
      connection,
      prefix,
      route: ROUTES.sms,
      sender,
      db,
      metrics: new Metrics(),
      logger: pino({ enabled: false }),
      recorder: new SentRecorder(sends.db),
      hooks,
      limiter: { max: 1000, durationMs: 1000 },
      enqueueSingle: (messageId, priority) => queues.enqueueSend(ROUTES.sms, messageId, priority),
    });
  });
  afterAll(async () => {
    await worker.close();
    await sender.close();
    await smsc.close();
    await queues.close();
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
    await testDb.drop();
  });

  it('hands what it owned to the next channel of each policy, or ends it, and sends no SMS twice', async () => {
    const db = testDb.handle.db;
    const phones = ['+84987500001', '+84987500002'];
    const { campaign, deliveryIds } = await queuedCampaign(db, phones, ['sms', 'telegram']);
    await db.update(campaigns).set({ status: 'running', urgent: true }).where(eq(campaigns.id, campaign.id));
    // The first person also follows the Telegram bot; the second has only their phone.
    const { identity: telegram } = await resolveIdentity(db, {
      channel: 'telegram',
      externalId: '7500001',
      locale: 'vi',
    });
    await linkIdentityToPhone(db, telegram.id, phones[0] ?? '');

    const queue = new Queue<SendBatchJob>(outboundQueueName(ROUTES.sms), { connection, prefix });
    try {
      await queue.add('batch', { campaignId: campaign.id, deliveryIds }, { attempts: 1 });
    } finally {
      await queue.close();
    }
    const rows = await waitFor('both deliveries on their next channel or ended', async () => {
      const current = await db.select().from(deliveries).where(inArray(deliveries.id, deliveryIds));
      const settled = (row: (typeof current)[number]) =>
        row.status === 'skipped' || (row.status === 'queued' && row.channel === 'telegram');
      return current.every(settled) && current;
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(deliveryIds[0] ?? '')).toMatchObject({
      status: 'queued',
      channel: 'telegram',
      identityId: telegram.id,
      triedChannels: ['sms', 'telegram'],
    });
    expect(byId.get(deliveryIds[1] ?? '')).toMatchObject({
      status: 'skipped',
      reason: 'all_channels_failed',
      triedChannels: ['sms'],
    });
    // Its Telegram send is queued on that route, for its own worker.
    const telegramQueue = new Queue<SendBatchJob>(outboundQueueName(ROUTES.telegram), { connection, prefix });
    try {
      const jobs = await telegramQueue.getJobs(['wait', 'prioritized']);
      expect(jobs.flatMap((job) => job.data.deliveryIds)).toEqual([deliveryIds[0]]);
    } finally {
      await telegramQueue.close();
    }
    // The carrier took each SMS once; the batch that could not store them did not send them again.
    expect(smsc.submitted.map((pdu) => pdu.destination).sort()).toEqual(['84987500001', '84987500002']);
  });
});
