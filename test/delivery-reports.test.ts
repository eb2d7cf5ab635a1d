import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveryReportApplier } from '../bots/delivery-reports.js';
import type { DeliveryUpdate } from '../core/channels/contract.js';
import { recordBatchSent } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { applyDeliveryReports, recordInbound } from '../core/db/messages-repository.js';
import { messages } from '../core/db/schema.js';
import { deliveryMessage, queuedCampaign } from './support/queued-campaign.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

/** Campaign messages sent over SMS with the provider ids given, in order. */
async function sentWith(db: Database, phones: readonly string[], providerIds: readonly string[]) {
  const { deliveryIds } = await queuedCampaign(db, phones);
  const sent = await Promise.all(deliveryIds.map((id) => deliveryMessage(db, id)));
  await recordBatchSent(
    db,
    sent.map((message, index) => ({ ...message, providerMessageId: providerIds[index] ?? '', segments: 1 })),
  );
  return sent;
}

async function statusesOf(db: Database, providerIds: readonly string[]) {
  const rows = await db
    .select({ id: messages.providerMessageId, status: messages.status, error: messages.error })
    .from(messages)
    .where(inArray(messages.providerMessageId, [...providerIds]));
  return Object.fromEntries(rows.map((row) => [row.id, { status: row.status, error: row.error }]));
}

const report = (providerMessageId: string, status: DeliveryUpdate['status'], error?: string): DeliveryUpdate => ({
  channel: 'sms',
  providerMessageId,
  status,
  ...(error ? { error } : {}),
});

describe.each(BOTH_ENGINES)('delivery reports applied together, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('moves each message forward by its own report and says which reports matched', async () => {
    await sentWith(db(), ['+84987640001', '+84987640002', '+84987640003'], ['dr-1', 'dr-2', 'dr-3']);
    const matched = await applyDeliveryReports(db(), [
      report('dr-1', 'delivered'),
      report('dr-2', 'failed', 'stat:UNDELIV err:001'),
      report('dr-unknown', 'delivered'),
      { ...report('dr-3', 'delivered'), channel: 'zalo' },
    ]);
    expect(matched).toEqual([true, true, false, false]);
    expect(await statusesOf(db(), ['dr-1', 'dr-2', 'dr-3'])).toEqual({
      'dr-1': { status: 'delivered', error: null },
      'dr-2': { status: 'failed', error: 'stat:UNDELIV err:001' },
      'dr-3': { status: 'sent', error: null },
    });
  });

  it('keeps the first final report of a message among several in one call, and never moves one back', async () => {
    await sentWith(db(), ['+84987640011', '+84987640012', '+84987640013'], ['dr-11', 'dr-12', 'dr-13']);
    await applyDeliveryReports(db(), [
      // Out of order: the receipt before the "accepted" report.
      report('dr-11', 'delivered'),
      report('dr-11', 'sent'),
      // Contradicting finals (a redelivered receipt that changed its mind): the first stands, as it would alone.
      report('dr-12', 'sent'),
      report('dr-12', 'failed', 'stat:EXPIRED'),
      report('dr-12', 'delivered'),
      report('dr-13', 'delivered'),
    ]);
    // A later call cannot take a final status back either.
    await applyDeliveryReports(db(), [report('dr-13', 'sent'), report('dr-13', 'failed', 'late')]);
    expect(await statusesOf(db(), ['dr-11', 'dr-12', 'dr-13'])).toEqual({
      'dr-11': { status: 'delivered', error: null },
      'dr-12': { status: 'failed', error: 'stat:EXPIRED' },
      'dr-13': { status: 'delivered', error: null },
    });
  });

  it('leaves an inbound message alone even when a report names its provider id', async () => {
    const [sent] = await sentWith(db(), ['+84987640021'], ['dr-21']);
    if (!sent) throw new Error('one message expected');
    const { message } = await recordInbound(db(), {
      channel: 'sms',
      identityId: sent.identityId,
      providerMessageId: 'mo-21',
      text: 'KB',
    });
    expect(await applyDeliveryReports(db(), [report('mo-21', 'delivered')])).toEqual([false]);
    const [stored] = await db().select().from(messages).where(eq(messages.id, message.id));
    expect(stored?.status).toBe('received');
  });

  it('answers each caller of the applier once the statement carrying its report has run', async () => {
    await sentWith(db(), ['+84987640031', '+84987640032'], ['dr-31', 'dr-32']);
    const apply = deliveryReportApplier(db());
    const answers = await Promise.all([
      apply(report('dr-31', 'delivered')),
      apply(report('dr-32', 'delivered')),
      apply(report('dr-none', 'delivered')),
      apply(report('dr-31', 'delivered')),
    ]);
    // The repeat finds its message delivered already: it moves nothing, as it would alone.
    expect(answers).toEqual([true, true, false, false]);
    expect(await statusesOf(db(), ['dr-31', 'dr-32'])).toEqual({
      'dr-31': { status: 'delivered', error: null },
      'dr-32': { status: 'delivered', error: null },
    });
  });
});
