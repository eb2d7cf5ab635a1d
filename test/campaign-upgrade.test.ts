import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningService, startService } from '../bots/service.js';
import { campaignProgress } from '../core/db/campaigns-repository.js';
import type { Database } from '../core/db/database.js';
import { openDatabase } from '../core/db/database.js';
import { findDeliveryByMessage, listUnsentDeliveries } from '../core/db/deliveries-repository.js';
import { rawRows } from '../core/db/raw-rows.js';
import type * as schema from '../core/db/schema.js';
import { deliveries } from '../core/db/schema.js';
import { migrationsFolder } from '../core/paths.js';
import { outboundQueueName } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { migrationsUpTo } from './support/migrations-up-to.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase } from './support/test-database.js';
import { testServiceConfig } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

/**
 * A campaign message as the engine stored it before deliveries were worded at send time: queued with its text and
 * linked from its delivery. `links` also writes the columns migration 0015 backfills (a database already upgraded).
 */
async function oldCampaignMessage(db: Database, phone: string, links: boolean) {
  const [row] = await rawRows<{ campaign: string; message: string; delivery: string }>(
    db,
    sql`with c as (
          insert into campaigns
            (kind, status, title, message, audience, channel_policy, created_by, fanout_done, urgent)
          values ('exposure', 'running', 'before the upgrade', '{"text":{"vi":"Canh bao"}}', '{"type":"phones"}',
                  '{sms}', 'test', true, true)
          returning id),
        p as (insert into people (phone) values (${phone}) returning id),
        i as (insert into channel_identities (person_id, channel, external_id) select id, 'sms', ${phone} from p
              returning id),
        m as (insert into messages (direction, status, channel, identity_id, text)
              select 'outbound', 'queued', 'sms', id, 'Canh bao: ban o cung dia diem voi ca benh' from i returning id),
        d as (insert into deliveries (campaign_id, person_id, status, channel, tried_channels, message_id)
              select c.id, p.id, 'queued', 'sms', '{sms}', m.id from c, p, m returning id)
        select c.id as campaign, m.id as message, d.id as delivery from c, m, d`,
  );
  if (!row) throw new Error('no campaign stored');
  if (links) {
    await db.execute(sql`update messages set delivery_id = ${row.delivery} where id = ${row.message}`);
    await db.execute(
      sql`update deliveries set identity_id = m.identity_id from messages m
          where m.id = ${row.message} and deliveries.id = ${row.delivery}`,
    );
  }
  return row;
}

// A province upgrading in the middle of an alert: what the old engine had queued still goes out, once, with the
// campaign's rules, and its delivery is accounted for.
describe('a campaign in flight across migrations 0015-0017 (deliveries worded at send time, progress ledger)', () => {
  it('links the queued message and its delivery both ways, so the campaign and its address are found', async () => {
    const handle = await openDatabase({ dataDir: '.', pgliteInMemory: true });
    const before = migrationsUpTo(14);
    try {
      const db = handle.db as PgliteDatabase<typeof schema>;
      await migrate(db, { migrationsFolder: before });
      const old = await oldCampaignMessage(db, '+84987610001', false);
      await migrate(db, { migrationsFolder });
      expect(await findDeliveryByMessage(db, old.message)).toMatchObject({
        delivery: { id: old.delivery, status: 'queued' },
        campaign: { id: old.campaign },
      });
      // Its campaign's ledger starts from what was there (migration 0017).
      expect(await campaignProgress(db, old.campaign)).toEqual({
        total: 1,
        byStatus: { queued: 1 },
        byChannel: { sms: 1 },
      });
      // A resumed fan-out queues it again on the one-message path, where its message is.
      expect(await listUnsentDeliveries(db, old.campaign, null, 10)).toEqual([
        expect.objectContaining({ deliveryId: old.delivery, messageId: old.message, externalId: '+84987610001' }),
      ]);
    } finally {
      await handle.close();
      rmSync(before, { recursive: true, force: true });
    }
  });

  describe('a batch job the old worker queued', () => {
    let service: RunningService | undefined;
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      await service?.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('is sent by the new worker on the one-message path, once, and its delivery is recorded', async () => {
      const smsc = await startSmscSimulator({ systemId: 'soyte', password: 'upgrade', receiptDelayMs: 3_600_000 });
      cleanups.push(() => smsc.close());
      const database = await createPostgresTestDatabase();
      cleanups.push(() => database.drop());
      const config = testServiceConfig(database, {
        SMPP_GATEWAYS: `viettel=smpp://soyte:upgrade@127.0.0.1:${smsc.port}?tps=50&prefixes=86,96-98,32-39&source=SOYTE`,
      });
      const redis = createRedisConnection(config.REDIS_URL ?? '');
      cleanups.push(async () => {
        await deleteKeysWithPrefix(redis, config.QUEUE_PREFIX);
        await redis.quit();
      });
      const db = database.handle.db;
      const old = await oldCampaignMessage(db, '+84987610002', true);
      // Queued by the engine before the upgrade on the bind's route: a batch of message ids.
      const queue = new Queue(outboundQueueName('smpp-viettel'), { connection: redis, prefix: config.QUEUE_PREFIX });
      await queue.add('send-batch', { campaignId: old.campaign, messageIds: [old.message] }, { priority: 1 });
      await queue.close();

      service = await startService(config);
      await waitFor('the old alert sent', () => smsc.submitted.length === 1);
      expect(smsc.submitted[0]?.text).toBe('Canh bao: ban o cung dia diem voi ca benh');
      await waitFor('its delivery recorded as sent', async () => {
        const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, old.delivery));
        return delivery?.status === 'sent';
      });
      expect(smsc.submitted).toHaveLength(1);
    });
  });
});
