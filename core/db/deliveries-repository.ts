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
  locale: 'vi' | 'en';
}

/**
 * Hands pending deliveries to their channels in one transaction: claims each (pending → queued with its channel,
 * address and language, so two workers never both send it) and skips whoever opted out on the chosen identity.
 * Returns the ids of the deliveries now queued, to enqueue.
 */
export async function queueDeliveries(db: Database, handOffs: readonly DeliveryHandOff[]): Promise<Set<string>> {
  if (handOffs.length === 0) return new Set();
  return db.transaction(async (tx) => {
    const identities = await resolveIdentities(
      tx,
      handOffs.map((h) => ({ personId: h.delivery.personId, channel: h.channel, externalId: h.externalId })),
    );
    const rows = handOffs.map((h) => {
      const identity = identities.get(identityKey(h.channel, h.externalId));
      if (!identity) throw new Error('identity vanished');
      return {
        id: h.delivery.id,
        channel: h.channel,
        identityId: identity.id,
        locale: h.locale,
        optedOut: identity.optedOut,
      };
    });
    const claimed = await rawRows<{ id: string; status: string }>(
      tx,
      sql`update ${deliveries} d
          set status = case when v."optedOut" then 'skipped' else 'queued' end,
              reason = case when v."optedOut" then 'opted_out' end,
              channel = v.channel, tried_channels = array_append(d.tried_channels, v.channel),
              identity_id = v."identityId", locale = v.locale, updated_at = now()
          from ${jsonRecords(rows, sql`id uuid, channel text, "identityId" uuid, locale text, "optedOut" boolean`)}
          where d.id = v.id and d.status = 'pending'
          returning d.id, d.status`,
    );
    return new Set(claimed.flatMap((row) => (row.status === 'queued' ? [row.id] : [])));
  });
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
    .from(messages)
    .innerJoin(deliveries, eq(deliveries.id, messages.deliveryId))
    .innerJoin(campaigns, eq(campaigns.id, deliveries.campaignId))
    .where(eq(messages.id, messageId));
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

export interface UnsentDelivery {
  deliveryId: string;
  personId: string;
  /** Set when the delivery was handed to the one-message path: its queued message. */
  messageId: string | null;
  channel: string;
  externalId: string;
}

/**
 * A page of a campaign's deliveries queued but not sent yet, by person (the order of the campaign's unique key, so
 * each page reads on from the last rather than through the whole campaign): after a crash between storing a page
 * and enqueueing its jobs (or between handing a message to the one-message path and queueing it), these may have no
 * job, and a resumed fan-out enqueues them again.
 */
export async function listUnsentDeliveries(
  db: Database,
  campaignId: string,
  afterPersonId: string | null,
  limit: number,
): Promise<UnsentDelivery[]> {
  return rawRows<UnsentDelivery>(
    db,
    sql`select d.id as "deliveryId", d.person_id as "personId", m.id as "messageId", d.channel,
               i.external_id as "externalId"
        from ${deliveries} d
        join ${channelIdentities} i on i.id = d.identity_id
        left join ${messages} m on m.id = d.message_id
        where d.campaign_id = ${campaignId} and d.status = 'queued'
          and (d.message_id is null or m.status = 'queued')
          ${afterPersonId ? sql`and d.person_id > ${afterPersonId}` : sql``}
        order by d.person_id
        limit ${limit}`,
  );
}
