// Delivery receipts after a blast: N campaign messages sent over SMS in a fresh database, then their receipts
// applied as a process applies them (bots/delivery-reports.ts: those that arrive while a statement runs go in the
// next), against one statement a receipt on the same pool — the way they were applied before — in the same run.
// Fresh on purpose: a new database's first blast is when PostgreSQL knows least about the messages table.
// Usage: npm run bench:receipts -- [--messages 40000]
// Uses the local PostgreSQL (BENCH_DATABASE_URL's server) in a temporary database dropped at the end.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { deliveryReportApplier } from '../bots/delivery-reports.js';
import type { DeliveryUpdate } from '../core/channels/contract.js';
import { recordBatchSent } from '../core/db/batch-sends-repository.js';
import { createCampaign } from '../core/db/campaigns-repository.js';
import { openDatabase } from '../core/db/database.js';
import { planFanoutPage } from '../core/db/fanout-repository.js';
import { applyDeliveryReports } from '../core/db/messages-repository.js';
import { applyMigrations } from '../core/db/migrations-runner.js';
import { orderedUuid } from '../core/db/ordered-id.js';
import { rawRows } from '../core/db/raw-rows.js';
import { deliveries } from '../core/db/schema.js';
import { withDatabase } from '../test/support/database-url.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '40000' } } });
const MESSAGES = Number(values.messages);
const PAGE = 2000;
const providerId = (index: number) => `smsc-${index}`;

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `bench_receipts_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  // The service's pool size, shared by receipts as in a process.
  const handle = await openDatabase({ url: withDatabase(adminUrl, name), dataDir: '.' });
  try {
    const db = handle.db;
    await applyMigrations(handle);
    const phones = Array.from({ length: MESSAGES }, (_, i) => `+84987${String(i).padStart(6, '0')}`);
    const campaign = await createCampaign(
      db,
      {
        kind: 'exposure',
        title: 'receipts',
        message: { text: { vi: 'Thong bao' } },
        audience: { type: 'phones' },
        channelPolicy: ['sms'],
        createdBy: 'bench',
      },
      phones.map((phone) => ({ phone })),
    );
    // Planned and sent as a blast stores them: pages of deliveries, then their sends recorded with provider ids.
    for (let page = 0; page * PAGE < MESSAGES; page += 1) {
      await planFanoutPage(db, campaign.id, PAGE, (_campaign, members) =>
        members.map((member) => ({ kind: 'send' as const, channel: 'sms', externalId: member.reach.phone ?? '' })),
      );
    }
    const planned = await db
      .select({ id: deliveries.id, identityId: deliveries.identityId })
      .from(deliveries)
      .where(eq(deliveries.campaignId, campaign.id));
    for (let offset = 0; offset < planned.length; offset += PAGE) {
      await recordBatchSent(
        db,
        planned.slice(offset, offset + PAGE).map((delivery, index) => ({
          deliveryId: delivery.id,
          messageId: orderedUuid(),
          identityId: delivery.identityId ?? '',
          channel: 'sms',
          text: 'Thong bao',
          providerMessageId: providerId(offset + index),
          segments: 1,
        })),
      );
    }
    const receipt = (index: number): DeliveryUpdate => ({
      channel: 'sms',
      providerMessageId: providerId(index),
      status: 'delivered',
    });
    const half = Math.floor(planned.length / 2);
    // Every receipt handed over at once, as a carrier's burst after a blast arrives faster than any statement.
    const timed = async (apply: (update: DeliveryUpdate) => Promise<boolean>, from: number) => {
      const started = performance.now();
      const matched = await Promise.all(Array.from({ length: half }, (_, i) => apply(receipt(from + i))));
      return { rate: half / ((performance.now() - started) / 1000), matched: matched.filter(Boolean).length };
    };
    const together = await timed(deliveryReportApplier(db), 0);
    const alone = await timed(async (update) => (await applyDeliveryReports(db, [update]))[0] === true, half);
    const [counted] = await rawRows<{ delivered: number }>(
      db,
      sql`select coalesce(sum(n), 0)::int as delivered from campaign_progress_counts
          where campaign_id = ${campaign.id} and status = 'delivered'`,
    );
    console.log(
      `bench/receipts on ${process.platform}, Node ${process.version}, ${planned.length} SMS sent in a fresh database`,
    );
    console.log(
      `applied together: ${together.rate.toFixed(0)} receipts/s; one statement each: ${alone.rate.toFixed(0)} receipts/s; ratio ${(together.rate / alone.rate).toFixed(1)}`,
    );
    console.log(
      `matched: ${together.matched + alone.matched} of ${2 * half}; delivered in the campaign's progress: ${counted?.delivered}`,
    );
  } finally {
    await handle.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

await main();
