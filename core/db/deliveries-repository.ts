import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Reachability } from '../domain/channel-policy.js';
import { identityKey, loadReach, resolveIdentities } from './campaign-reach.js';
import type { Database } from './database.js';
import { jsonRecords } from './json-rows.js';
import { rawRows } from './raw-rows.js';
import { type Campaign, campaigns, channelIdentities, type Delivery, deliveries, messages, people } from './schema.js';

export interface PendingDelivery {
  delivery: Delivery;
  locale: 'vi' | 'en';
  reach: Reachability;
}

/** Deliveries planned but not yet handed to a channel (a failure falling through to the next), with their reach. */
export async function listPendingDeliveries(
  db: Database,
  campaignId: string,
  limit: number,
  onlyDeliveryId?: string,
): Promise<PendingDelivery[]> {
  const rows = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.campaignId, campaignId),
        eq(deliveries.status, 'pending'),
        onlyDeliveryId ? eq(deliveries.id, onlyDeliveryId) : undefined,
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(limit);
  const members = await loadReach(
    db,
    rows.map((delivery) => ({ personId: delivery.personId, params: null })),
  );
  const memberOf = new Map(members.map((member) => [member.personId, member]));
  return rows.flatMap((delivery) => {
    const member = memberOf.get(delivery.personId);
    return member ? [{ delivery, locale: member.locale, reach: member.reach }] : [];
  });
}

export interface DeliveryHandOff {
  delivery: Delivery;
  channel: string;
  externalId: string;
  text: string;
  /** Channel extras stored with the message (a ZNS template and its values). */
  payload?: unknown;
}

/**
 * Hands deliveries to their channels in one transaction and a handful of statements: claims each (pending → queued,
 * so two workers never both send it), skips whoever opted out on the chosen identity, and stores each message queued
 * and linked. Returns the message ids to enqueue, by delivery.
 */
export async function attachDeliveryMessages(
  db: Database,
  handOffs: readonly DeliveryHandOff[],
): Promise<Map<string, string>> {
  const attached = new Map<string, string>();
  if (handOffs.length === 0) return attached;
  await db.transaction(async (tx) => {
    const claimedRows = await rawRows<{ id: string }>(
      tx,
      sql`update ${deliveries} d
          set status = 'queued', channel = v.channel, tried_channels = array_append(d.tried_channels, v.channel),
              reason = null, updated_at = now()
          from ${jsonRecords(
            handOffs.map((h) => ({ id: h.delivery.id, channel: h.channel })),
            sql`id uuid, channel text`,
          )}
          where d.id = v.id and d.status = 'pending'
          returning d.id`,
    );
    const claimed = new Set(claimedRows.map((row) => row.id));
    const mine = handOffs.filter((h) => claimed.has(h.delivery.id));
    const identities = await resolveIdentities(
      tx,
      mine.map((h) => ({ personId: h.delivery.personId, channel: h.channel, externalId: h.externalId })),
    );
    const optedOut: string[] = [];
    const rows: {
      deliveryId: string;
      id: string;
      channel: string;
      identityId: string;
      text: string;
      payload: unknown;
    }[] = [];
    for (const h of mine) {
      const identity = identities.get(identityKey(h.channel, h.externalId));
      if (!identity) throw new Error('identity vanished');
      if (identity.optedOut) optedOut.push(h.delivery.id);
      else {
        const { channel, text, payload } = h;
        rows.push({ deliveryId: h.delivery.id, id: randomUUID(), channel, identityId: identity.id, text, payload });
      }
    }
    if (optedOut.length > 0) {
      await tx
        .update(deliveries)
        .set({ status: 'skipped', reason: 'opted_out' })
        .where(inArray(deliveries.id, optedOut));
    }
    if (rows.length === 0) return;
    await tx.execute(
      sql`with v as (select * from ${jsonRecords(
        rows,
        sql`"deliveryId" uuid, id uuid, channel text, "identityId" uuid, text text, payload jsonb`,
      )}),
      m as (
        insert into ${messages} (id, direction, status, channel, identity_id, text, payload)
        select id, 'outbound', 'queued', channel, "identityId", text, payload from v
        returning id)
      update ${deliveries} d set message_id = v.id from v join m on m.id = v.id where d.id = v."deliveryId"`,
    );
    for (const row of rows) attached.set(row.deliveryId, row.id);
  });
  return attached;
}

/** Ends a delivery without a send (opted out, no channel, cancelled) and says why. */
export async function skipDelivery(db: Database, deliveryId: string, reason: string): Promise<void> {
  await db
    .update(deliveries)
    .set({ status: 'skipped', reason, updatedAt: sql`now()` })
    .where(and(eq(deliveries.id, deliveryId), inArray(deliveries.status, ['pending', 'queued'])));
}

/** Ends every delivery of a campaign not yet handed to a channel (a cancelled campaign). */
export async function skipPendingDeliveries(db: Database, campaignId: string, reason: string): Promise<void> {
  await db
    .update(deliveries)
    .set({ status: 'skipped', reason, updatedAt: sql`now()` })
    .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.status, 'pending')));
}

/** The delivery a message was sent for, with its campaign, if it belongs to one. */
export async function findDeliveryByMessage(
  db: Database,
  messageId: string,
): Promise<{ delivery: Delivery; campaign: Campaign } | undefined> {
  const [row] = await db
    .select({ delivery: deliveries, campaign: campaigns })
    .from(deliveries)
    .innerJoin(campaigns, eq(campaigns.id, deliveries.campaignId))
    .where(eq(deliveries.messageId, messageId));
  return row;
}

/** Records how a delivery's current message ended; a failed one goes back to pending for the next channel. */
export async function recordDeliveryOutcome(
  db: Database,
  deliveryId: string,
  outcome: { status: 'sent'; segments: number } | { status: 'failed'; reason: string },
): Promise<void> {
  await db
    .update(deliveries)
    .set(
      outcome.status === 'sent'
        ? { status: 'sent', segments: outcome.segments, updatedAt: sql`now()` }
        : { status: 'pending', reason: outcome.reason, messageId: null, updatedAt: sql`now()` },
    )
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, 'queued')));
}

export interface DeliveryReportRow {
  phone: string | null;
  status: string;
  channel: string | null;
  reason: string | null;
  segments: number | null;
  updatedAt: Date;
}

/** One page of a campaign's final report, in delivery order (keyset on the delivery id). */
export async function deliveryReportPage(
  db: Database,
  campaignId: string,
  after: string | undefined,
  limit: number,
): Promise<(DeliveryReportRow & { id: string })[]> {
  return db
    .select({
      id: deliveries.id,
      phone: people.phone,
      status: sql<string>`case when ${messages.status} = 'delivered' then 'delivered' else ${deliveries.status} end`,
      channel: deliveries.channel,
      reason: deliveries.reason,
      segments: deliveries.segments,
      updatedAt: deliveries.updatedAt,
    })
    .from(deliveries)
    .innerJoin(people, eq(people.id, deliveries.personId))
    .leftJoin(messages, eq(messages.id, deliveries.messageId))
    .where(and(eq(deliveries.campaignId, campaignId), after ? gt(deliveries.id, after) : undefined))
    .orderBy(asc(deliveries.id))
    .limit(limit);
}

export interface QueuedSend {
  deliveryId: string;
  messageId: string;
  channel: string;
  externalId: string;
}

/**
 * A page of a campaign's messages stored queued but not sent yet, by delivery id: after a crash between storing a
 * page and enqueueing its jobs, these have no job, and a resumed fan-out enqueues them again (a job that does exist
 * keeps its id, so nothing runs twice).
 */
export async function listQueuedSends(
  db: Database,
  campaignId: string,
  afterDeliveryId: string | null,
  limit: number,
): Promise<QueuedSend[]> {
  return db
    .select({
      deliveryId: deliveries.id,
      messageId: messages.id,
      channel: messages.channel,
      externalId: channelIdentities.externalId,
    })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
    .where(
      and(
        eq(deliveries.campaignId, campaignId),
        eq(deliveries.status, 'queued'),
        eq(messages.status, 'queued'),
        afterDeliveryId ? gt(deliveries.id, afterDeliveryId) : undefined,
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(limit);
}
