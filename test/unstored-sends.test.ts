import { Queue, type Worker } from 'bullmq';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createSmppGateways, SmppSender } from '../bots/sms/smpp/index.js';
import { type Database, openDatabase } from '../core/db/database.js';
import { linkIdentityToPhone, resolveIdentity } from '../core/db/identities-repository.js';
import { markSent, recordOutbound } from '../core/db/messages-repository.js';
import { campaigns, deliveries, messages } from '../core/db/schema.js';
import { createTranslator } from '../core/i18n/translator.js';
import { Metrics } from '../core/observability/metrics.js';
import { createDeliveryHooks } from '../workers/campaign-delivery-hooks.js';
import { createOutboundWorker } from '../workers/outbound-send.js';
import { createQueues, outboundQueueName, type SendBatchJob, type SendJob, sendJobId } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { SentRecorder } from '../workers/sent-recorder.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { discardingInbox } from './smpp/discarding-inbox.js';
import { failSentRecords } from './support/fault-injection.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';
import { waitFor } from './support/wait-for.js';

const ROUTES = { sms: 'sms-a', telegram: 'tg' } as const;

// Sends the carrier took but whose records could not be stored. A record lost to a failing database is stored by the
// job's retry, or by the job giving up, never by sending again; a record the database refuses is sent again, or, when
// a campaign's job gives up, handed on to the next channel. Whatever happens, nothing stays queued for good. The jobs
// run on the real outbound worker against the SMSC simulator; the failures are PostgreSQL's own.
describe('sends whose records were not stored', () => {
  let testDb: TestDatabase;
  let connection: Redis;
  let smsc: SmscSimulator;
  let sender: SmppSender;

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    connection = createRedisConnection(testRedisUrl());
    smsc = await startSmscSimulator({ systemId: 'soyte', password: 'unstored', receiptDelayMs: 3_600_000 });
    const { gateways } = createSmppGateways({
      SMPP_GATEWAYS: `viettel=smpp://soyte:unstored@127.0.0.1:${smsc.port}?tps=200&prefixes=86,96-98,32-39&source=SOYTE`,
    });
    for (const gateway of gateways) gateway.start(discardingInbox);
    sender = new SmppSender({ gateways, unicode: false });
    await Promise.all(gateways.map((gateway) => gateway.waitUntilUp(2_000)));
  });
  afterAll(async () => {
    await sender.close();
    await smsc.close();
    await connection.quit();
    await testDb.drop();
  });

  /**
   * The SMS route's worker on its own queues, storing sends through `recorderDb`, with at most `inFlight` sends handed
   * over and not yet stored; torn down with the test.
   */
  const startRoute = (recorderDb: Database, inFlight?: number) => {
    const db = testDb.handle.db;
    const prefix = testQueuePrefix();
    const queues = createQueues(connection, prefix, Object.values(ROUTES));
    const worker: Worker = createOutboundWorker({
      connection,
      prefix,
      route: ROUTES.sms,
      sender,
      db,
      metrics: new Metrics(),
      logger: pino({ enabled: false }),
      recorder: new SentRecorder(recorderDb),
      hooks: createDeliveryHooks({
        db,
        queues,
        routeFor: (channel) => ROUTES[channel as keyof typeof ROUTES],
        translator: createTranslator(),
        znsTemplates: {},
        quietHours: { startHour: 21, endHour: 7 },
        now: () => new Date(),
        recheckMs: 100,
      }),
      limiter: { max: 1000, durationMs: 1000 },
      ...(inFlight === undefined ? {} : { inFlight }),
      enqueueSingle: (messageId, priority) => queues.enqueueSend(ROUTES.sms, messageId, priority),
    });
    onTestFinished(async () => {
      await worker.close();
      await queues.close();
      await deleteKeysWithPrefix(connection, prefix);
    });
    const jobsOn = async (route: string) => {
      const queue = new Queue<SendBatchJob>(outboundQueueName(route), { connection, prefix });
      try {
        return await queue.getJobs(['wait', 'prioritized']);
      } finally {
        await queue.close();
      }
    };
    /** Queues a job; a retry waits `retryDelayMs` (BullMQ retries at once when none is given). */
    const addJob = async (job: SendBatchJob | SendJob, attempts: number, retryDelayMs?: number) => {
      const queue = new Queue<SendBatchJob | SendJob>(outboundQueueName(ROUTES.sms), { connection, prefix });
      try {
        await queue.add('send', job, {
          attempts,
          ...(retryDelayMs === undefined ? {} : { backoff: { type: 'fixed', delay: retryDelayMs } }),
          ...('messageId' in job ? { jobId: sendJobId(job.messageId) } : {}),
        });
      } finally {
        await queue.close();
      }
    };
    const delayedJobs = async () => {
      const queue = new Queue(outboundQueueName(ROUTES.sms), { connection, prefix });
      try {
        return await queue.getJobCountByTypes('delayed');
      } finally {
        await queue.close();
      }
    };
    return { addJob, jobsOn, delayedJobs };
  };

  /** A running urgent campaign to these phones, SMS then Telegram; the first phone's person follows the bot. */
  const campaignTo = async (phones: readonly string[], telegramChat: string) => {
    const db = testDb.handle.db;
    const { campaign, deliveryIds } = await queuedCampaign(db, phones, ['sms', 'telegram']);
    await db.update(campaigns).set({ status: 'running', urgent: true }).where(eq(campaigns.id, campaign.id));
    const { identity } = await resolveIdentity(db, { channel: 'telegram', externalId: telegramChat, locale: 'vi' });
    await linkIdentityToPhone(db, identity.id, phones[0] ?? '');
    return { campaignId: campaign.id, deliveryIds, telegramIdentityId: identity.id };
  };
  const deliveryRows = (ids: readonly string[]) =>
    testDb.handle.db.select().from(deliveries).where(inArray(deliveries.id, ids));
  const submittedTo = (phones: readonly string[]) =>
    smsc.submitted.filter((pdu) => phones.includes(`+${pdu.destination}`));
  /** Waits until every delivery is stored sent, and checks each carries the id the carrier gave its one submit. */
  const expectSentOnce = async (phones: readonly string[], ids: readonly string[]) => {
    const rows = await waitFor('every delivery stored sent', async () => {
      const current = await deliveryRows(ids);
      return current.every((row) => row.status === 'sent') && current;
    });
    const submits = submittedTo(phones);
    expect(submits.map((pdu) => `+${pdu.destination}`).sort()).toEqual([...phones].sort());
    const stored = await testDb.handle.db
      .select()
      .from(messages)
      .where(
        inArray(
          messages.id,
          rows.flatMap((row) => (row.messageId ? [row.messageId] : [])),
        ),
      );
    expect(stored.map((message) => message.providerMessageId).sort()).toEqual(
      submits.map((pdu) => `viettel:${pdu.messageId}`).sort(),
    );
  };

  /** A reply queued to this phone on the one-message path, and the identity it goes to. */
  const queuedReply = async (phone: string, text: string) => {
    const db = testDb.handle.db;
    const { identity } = await resolveIdentity(db, { channel: 'sms', externalId: phone, locale: 'vi' });
    return { identity, reply: await recordOutbound(db, { channel: 'sms', identityId: identity.id, text }) };
  };
  const messageRow = async (id: string) =>
    (await testDb.handle.db.select().from(messages).where(eq(messages.id, id)))[0];
  /**
   * The id the SMSC gives its next submit, already held by an earlier message sent to `identityId`: an SMSC that
   * restarted its count. The simulator counts its message ids from 1, in hex.
   */
  const reissueNextSmscId = async (identityId: string) => {
    const reissued = `viettel:${(smsc.submitted.length + 1).toString(16).padStart(8, '0')}`;
    const earlier = await recordOutbound(testDb.handle.db, { channel: 'sms', identityId, text: 'Tin cu' });
    await markSent(testDb.handle.db, earlier.id, reissued, 1);
    return reissued;
  };

  it('stores on the retry what the carrier took when the database failed the record, sending nothing twice', async () => {
    const phones = ['+84987500101', '+84987500102'];
    const { campaignId, deliveryIds } = await campaignTo(phones, '7500101');
    const remove = await failSentRecords(testDb.handle.db, 'fail_once', { times: 1, sqlState: '57014' });
    onTestFinished(remove);
    const route = startRoute(testDb.handle.db);
    await route.addJob({ campaignId, deliveryIds }, 2);
    await expectSentOnce(phones, deliveryIds);
  });

  it('stops sending a batch once a record fails: the carrier took no more than were in flight', async () => {
    const phones = Array.from({ length: 12 }, (_, index) => `+849875007${String(index).padStart(2, '0')}`);
    const { campaignId, deliveryIds } = await campaignTo(phones, '7500701');
    const remove = await failSentRecords(testDb.handle.db, 'fail_first', { times: 1, sqlState: '57014' });
    onTestFinished(remove);
    const route = startRoute(testDb.handle.db, 2);
    await route.addJob({ campaignId, deliveryIds }, 2, 1_000);
    await waitFor('the batch waiting for its retry', async () => (await route.delayedJobs()) === 1);
    // Without the stop, the other ten went out while the first stayed unrecorded: more than a crash may resend.
    expect(submittedTo(phones).length).toBeLessThanOrEqual(2);
    await expectSentOnce(phones, deliveryIds);
  });

  it('fails the job, not the process, when a send cannot be worded while other jobs hold the window', async () => {
    const goodPhones = ['+84987500801', '+84987500802', '+84987500803', '+84987500804'];
    const brokenPhones = ['+84987500811', '+84987500812'];
    const good = await campaignTo(goodPhones, '7500801');
    const broken = await campaignTo(brokenPhones, '7500811');
    // A campaign row whose message no longer parses (written by hand, or by an engine that stored it otherwise).
    await testDb.handle.db.execute(
      sql`update campaigns set message = '{"text": null}'::jsonb where id = ${broken.campaignId}`,
    );
    const route = startRoute(testDb.handle.db, 1);
    await route.addJob({ campaignId: good.campaignId, deliveryIds: good.deliveryIds }, 1);
    await route.addJob({ campaignId: broken.campaignId, deliveryIds: broken.deliveryIds }, 2, 60_000);
    await expectSentOnce(goodPhones, good.deliveryIds);
    await waitFor('the broken batch waiting for its retry', async () => (await route.delayedJobs()) === 1);
    expect(submittedTo(brokenPhones)).toEqual([]);
    const rows = await deliveryRows(broken.deliveryIds);
    expect(rows.map((row) => row.status)).toEqual(['queued', 'queued']);
  });

  it('stores what the carrier took when the job gives up with its records lost', async () => {
    const phones = ['+84987500201', '+84987500202'];
    const { campaignId, deliveryIds } = await campaignTo(phones, '7500201');
    // The sends' own connection, lost for good: every store of a send fails until the job's last attempt.
    if (!testDb.url) throw new Error('a PostgreSQL test database has a URL');
    const sends = await openDatabase({ url: testDb.url, dataDir: '.', poolSize: 1 });
    await sends.close();
    const route = startRoute(sends.db);
    await route.addJob({ campaignId, deliveryIds }, 1);
    await expectSentOnce(phones, deliveryIds);
    expect(await route.jobsOn(ROUTES.telegram)).toEqual([]);
  });

  it('hands sends the database refuses to store on to the next channel when the job gives up, or ends them', async () => {
    const phones = ['+84987500301', '+84987500302'];
    const { campaignId, deliveryIds, telegramIdentityId } = await campaignTo(phones, '7500301');
    const remove = await failSentRecords(testDb.handle.db, 'refuse', { times: 1_000, sqlState: '23514' });
    onTestFinished(remove);
    const route = startRoute(testDb.handle.db);
    await route.addJob({ campaignId, deliveryIds }, 1);
    const rows = await waitFor('both deliveries on their next channel or ended', async () => {
      const current = await deliveryRows(deliveryIds);
      const settled = (row: (typeof current)[number]) =>
        row.status === 'skipped' || (row.status === 'queued' && row.channel === 'telegram');
      return current.every(settled) && current;
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(deliveryIds[0] ?? '')).toMatchObject({
      status: 'queued',
      channel: 'telegram',
      identityId: telegramIdentityId,
      triedChannels: ['sms', 'telegram'],
    });
    expect(byId.get(deliveryIds[1] ?? '')).toMatchObject({
      status: 'skipped',
      reason: 'all_channels_failed',
      triedChannels: ['sms'],
    });
    const telegramJobs = await route.jobsOn(ROUTES.telegram);
    expect(telegramJobs.flatMap((job) => job.data.deliveryIds)).toEqual([deliveryIds[0]]);
    // The carrier took each once: a job on its last attempt sends nothing again.
    expect(
      submittedTo(phones)
        .map((pdu) => `+${pdu.destination}`)
        .sort(),
    ).toEqual(phones);
  });

  it('stores a reply the carrier took as sent when its job gives up with the record lost, not as failed', async () => {
    const db = testDb.handle.db;
    const phone = '+84987500401';
    const { reply } = await queuedReply(phone, 'Da nhan khai bao');
    const remove = await failSentRecords(db, 'reply_lost', { times: 1, sqlState: '57014' });
    onTestFinished(remove);
    const route = startRoute(db);
    await route.addJob({ messageId: reply.id }, 1);
    const stored = await waitFor('the reply closed', async () => {
      const row = await messageRow(reply.id);
      return row?.status !== 'queued' && row;
    });
    const submits = submittedTo([phone]);
    expect(submits).toHaveLength(1);
    expect(stored).toMatchObject({ status: 'sent', providerMessageId: `viettel:${submits[0]?.messageId}` });
  });

  it('lets go of a kept send the database then refuses for its id, which goes out again for a fresh one', async () => {
    const db = testDb.handle.db;
    const phone = '+84987500501';
    const { campaign, deliveryIds } = await queuedCampaign(db, [phone]);
    await db.update(campaigns).set({ status: 'running', urgent: true }).where(eq(campaigns.id, campaign.id));
    const { identity } = await resolveIdentity(db, { channel: 'sms', externalId: '+84987500599', locale: 'vi' });
    const reissued = await reissueNextSmscId(identity.id);
    // The first store fails as a timeout does (the send is kept); the retry's store of it then meets the taken id.
    const remove = await failSentRecords(db, 'then_refused', { times: 1, sqlState: '57014' });
    onTestFinished(remove);
    const route = startRoute(db);
    await route.addJob({ campaignId: campaign.id, deliveryIds }, 3);
    const [delivery] = await waitFor('the delivery sent', async () => {
      const rows = await deliveryRows(deliveryIds);
      return rows.every((row) => row.status === 'sent') && rows;
    });
    const submits = submittedTo([phone]);
    expect(submits).toHaveLength(2);
    const stored = await messageRow(delivery?.messageId ?? '');
    expect(stored?.providerMessageId).toBe(`viettel:${submits[1]?.messageId}`);
    expect(stored?.providerMessageId).not.toBe(reissued);
  });

  it('lets go of a kept reply the database then refuses for its id, which goes out again for a fresh one', async () => {
    const db = testDb.handle.db;
    const phone = '+84987500601';
    const { identity, reply } = await queuedReply(phone, 'Da nhan yeu cau');
    const reissued = await reissueNextSmscId(identity.id);
    const remove = await failSentRecords(db, 'reply_then_refused', { times: 1, sqlState: '57014' });
    onTestFinished(remove);
    const route = startRoute(db);
    await route.addJob({ messageId: reply.id }, 3);
    const stored = await waitFor('the reply sent', async () => {
      const row = await messageRow(reply.id);
      return row?.status === 'sent' && row;
    });
    const submits = submittedTo([phone]);
    expect(submits).toHaveLength(2);
    expect(stored.providerMessageId).toBe(`viettel:${submits[1]?.messageId}`);
    expect(stored.providerMessageId).not.toBe(reissued);
  });
});
