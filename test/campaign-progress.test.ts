import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attachQueuedMessages,
  recordBatchFailure,
  recordBatchSent,
  skipBatch,
} from '../core/db/batch-sends-repository.js';
import { campaignProgress } from '../core/db/campaigns-repository.js';
import type { Database } from '../core/db/database.js';
import { applyDeliveryReports } from '../core/db/messages-repository.js';
import { rawRows } from '../core/db/raw-rows.js';
import { campaignProgressCounts } from '../core/db/schema.js';
import { deliveryMessage, queuedCampaign } from './support/queued-campaign.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

/** The progress counted the slow way, from every delivery and its message, as it was read before the ledger. */
async function countedProgress(db: Database, campaignId: string) {
  const rows = await rawRows<{ status: string; channel: string | null; n: number }>(
    db,
    sql`select case when m.status = 'delivered' then 'delivered' else d.status end as status, d.channel,
               count(*)::int as n
        from deliveries d left join messages m on m.id = d.message_id
        where d.campaign_id = ${campaignId} group by 1, 2`,
  );
  const byStatus: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  for (const { status, channel, n } of rows) {
    byStatus[status] = (byStatus[status] ?? 0) + n;
    byChannel[channel ?? 'none'] = (byChannel[channel ?? 'none'] ?? 0) + n;
  }
  return { total: rows.reduce((sum, row) => sum + row.n, 0), byStatus, byChannel };
}

describe.each(BOTH_ENGINES)('campaign progress from its ledger on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('agrees with counting every delivery through planning, sends, skips, failures, hand-offs and receipts', async () => {
    const phones = ['+84987620001', '+84987620002', '+84987620003', '+84987620004', '+84987620005'];
    const { campaign, deliveryIds } = await queuedCampaign(db(), phones);
    const [sent, skipped, failed, handed] = deliveryIds;
    if (!sent || !skipped || !failed || !handed) throw new Error('deliveries expected');
    const agrees = async (expected: Record<string, number>) => {
      const progress = await campaignProgress(db(), campaign.id);
      expect(progress).toEqual(await countedProgress(db(), campaign.id));
      expect(progress.byStatus).toEqual(expected);
      expect(progress).toMatchObject({ total: 5, byChannel: { sms: 5 } });
    };
    await agrees({ queued: 5 });

    const message = await deliveryMessage(db(), sent);
    await recordBatchSent(db(), [{ ...message, providerMessageId: 'smsc-p1', segments: 1 }]);
    await skipBatch(db(), [skipped], 'cancelled');
    await recordBatchFailure(db(), await deliveryMessage(db(), failed), 'SMS_INVALID_NUMBER');
    await attachQueuedMessages(db(), [await deliveryMessage(db(), handed)]);
    await agrees({ queued: 2, sent: 1, skipped: 1, pending: 1 });

    // A receipt, then the same receipt again: delivered once.
    for (let i = 0; i < 2; i += 1) {
      await applyDeliveryReports(db(), [{ channel: 'sms', providerMessageId: 'smsc-p1', status: 'delivered' }]);
    }
    await agrees({ queued: 2, delivered: 1, skipped: 1, pending: 1 });
  });

  it('folds a long ledger into a row per status and channel without changing a count', async () => {
    const { campaign, deliveryIds } = await queuedCampaign(db(), ['+84987620011', '+84987620012']);
    // Many small statements, as a blast's send records are: a ledger row each.
    for (let i = 0; i < 300; i += 1) {
      await db().execute(sql`update deliveries set status = 'pending' where id = ${deliveryIds[0]}`);
      await db().execute(sql`update deliveries set status = 'queued' where id = ${deliveryIds[0]}`);
    }
    const ledgerRows = async () =>
      (await db().select().from(campaignProgressCounts).where(eq(campaignProgressCounts.campaignId, campaign.id)))
        .length;
    expect(await ledgerRows()).toBeGreaterThan(500);
    expect((await campaignProgress(db(), campaign.id)).byStatus).toEqual({ queued: 2 });
    expect(await ledgerRows()).toBe(1);
    expect(await campaignProgress(db(), campaign.id)).toEqual(await countedProgress(db(), campaign.id));
  });
});
