import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Reachability } from '../domain/channel-policy.js';
import { cohortSources } from './cohort-sources.js';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';
import {
  type Campaign,
  campaignRecipients,
  campaigns,
  channelIdentities,
  type Delivery,
  deliveries,
  messages,
  people,
} from './schema.js';

export type Audience =
  | { type: 'phones' }
  | { type: 'wards'; wards: string[] }
  | { type: 'everyone' }
  | { type: 'cohort'; cohort: string; ref: string };

/**
 * Plans the next page of a campaign's audience: one delivery per person (the unique key drops repeats), and the
 * cursor moves in the same transaction, so a fan-out that dies resumes exactly where it stopped.
 */
export async function planAudiencePage(db: Database, campaignId: string, pageSize: number): Promise<{ done: boolean }> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (!campaign || campaign.fanoutDone) return { done: true };
    const audience = campaign.audience as Audience;
    const page =
      audience.type === 'phones'
        ? await phonePage(tx, campaign, pageSize)
        : audience.type === 'cohort'
          ? await cohortPage(tx, campaign, audience, pageSize)
          : await peoplePage(tx, campaign, audience, pageSize);
    let inserted = 0;
    if (page.rows.length > 0) {
      const rows = await tx
        .insert(deliveries)
        .values(page.rows.map((row) => ({ campaignId, personId: row.personId, params: row.params })))
        .onConflictDoNothing()
        .returning({ id: deliveries.id });
      inserted = rows.length;
    }
    const done = page.rows.length < pageSize;
    await tx
      .update(campaigns)
      .set({
        fanoutCursor: page.cursor ?? campaign.fanoutCursor,
        fanoutDone: done,
        planned: sql`${campaigns.planned} + ${inserted}`,
        updatedAt: sql`now()`,
      })
      .where(eq(campaigns.id, campaignId));
    return { done };
  });
}

interface Page {
  rows: { personId: string; params: Record<string, string> | null }[];
  cursor: string | undefined;
}

async function phonePage(tx: Database, campaign: Campaign, pageSize: number): Promise<Page> {
  const recipients = await tx
    .select()
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.campaignId, campaign.id),
        gt(campaignRecipients.rowNo, Number(campaign.fanoutCursor ?? 0)),
      ),
    )
    .orderBy(asc(campaignRecipients.rowNo))
    .limit(pageSize);
  if (recipients.length === 0) return { rows: [], cursor: undefined };
  const phones = [...new Set(recipients.map((recipient) => recipient.phone))];
  // Someone we have never met is created from their phone; someone we know keeps their record and channels.
  await tx
    .insert(people)
    .values(phones.map((phone) => ({ phone })))
    .onConflictDoNothing();
  const known = await tx
    .select({ id: people.id, phone: people.phone })
    .from(people)
    .where(inArray(people.phone, phones));
  const idByPhone = new Map(known.map((person) => [person.phone, person.id]));
  return {
    rows: recipients.flatMap((recipient) => {
      const personId = idByPhone.get(recipient.phone);
      return personId ? [{ personId, params: recipient.params as Record<string, string> | null }] : [];
    }),
    cursor: String(recipients.at(-1)?.rowNo),
  };
}

async function cohortPage(
  tx: Database,
  campaign: Campaign,
  audience: { cohort: string; ref: string },
  pageSize: number,
): Promise<Page> {
  const source = cohortSources.get(audience.cohort);
  if (!source) throw new Error(`campaign ${campaign.id} names unknown cohort ${audience.cohort}`);
  const members = await source(tx, audience.ref, campaign.fanoutCursor, pageSize);
  return {
    rows: members.map((member) => ({ personId: member.personId, params: member.params ?? null })),
    cursor: members.at(-1)?.personId,
  };
}

async function peoplePage(
  tx: Database,
  campaign: Campaign,
  audience: Extract<Audience, { type: 'wards' | 'everyone' }>,
  pageSize: number,
): Promise<Page> {
  const after = campaign.fanoutCursor ?? '00000000-0000-0000-0000-000000000000';
  const where =
    audience.type === 'wards'
      ? and(gt(people.id, after), inArray(people.wardCode, audience.wards))
      : gt(people.id, after);
  const rows = await tx.select({ id: people.id }).from(people).where(where).orderBy(asc(people.id)).limit(pageSize);
  return { rows: rows.map((row) => ({ personId: row.id, params: null })), cursor: rows.at(-1)?.id };
}

export interface PendingDelivery {
  delivery: Delivery;
  locale: 'vi' | 'en';
  reach: Reachability;
}

/** Deliveries planned but not yet handed to a channel, with what is needed to pick one. */
export async function listPendingDeliveries(
  db: Database,
  campaignId: string,
  limit: number,
  onlyDeliveryId?: string,
): Promise<PendingDelivery[]> {
  const rows = await db
    .select({ delivery: deliveries, phone: people.phone, locale: people.locale })
    .from(deliveries)
    .innerJoin(people, eq(people.id, deliveries.personId))
    .where(
      and(
        eq(deliveries.campaignId, campaignId),
        eq(deliveries.status, 'pending'),
        onlyDeliveryId ? eq(deliveries.id, onlyDeliveryId) : undefined,
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const identities = await db
    .select()
    .from(channelIdentities)
    .where(inArray(channelIdentities.personId, [...new Set(rows.map((row) => row.delivery.personId))]));
  return rows.map((row) => ({
    delivery: row.delivery,
    locale: row.locale === 'en' ? 'en' : 'vi',
    reach: {
      phone: row.phone,
      identities: identities.filter((identity) => identity.personId === row.delivery.personId),
    },
  }));
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
 * Hands a page of deliveries to their channels in one transaction and a handful of statements (a million-person
 * alert is a thousand pages, not a million transactions): claims each (pending → queued, so two fan-out workers
 * never both send it), makes SMS identities for phones met for the first time, skips whoever opted out on that
 * identity, and stores each message queued and linked. Returns the message ids to enqueue, by delivery.
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
          from (values ${sql.join(
            handOffs.map((h) => sql`(${h.delivery.id}::uuid, ${h.channel}::text)`),
            sql`, `,
          )}) as v(id, channel)
          where d.id = v.id and d.status = 'pending'
          returning d.id`,
    );
    const claimed = new Set(claimedRows.map((row) => row.id));
    const mine = handOffs.filter((h) => claimed.has(h.delivery.id));
    if (mine.length === 0) return;
    // SMS reaches a known phone even before that person ever texted us: the identity is made on first use.
    await tx
      .insert(channelIdentities)
      .values(mine.map((h) => ({ personId: h.delivery.personId, channel: h.channel, externalId: h.externalId })))
      .onConflictDoNothing();
    const identities = await rawRows<{ id: string; channel: string; external_id: string; opted_out: boolean }>(
      tx,
      sql`select i.id, i.channel, i.external_id, i.opted_out from ${channelIdentities} i
          join (values ${sql.join(
            mine.map((h) => sql`(${h.channel}::text, ${h.externalId}::text)`),
            sql`, `,
          )}) as v(channel, external_id) on i.channel = v.channel and i.external_id = v.external_id`,
    );
    const identityOf = new Map(identities.map((row) => [`${row.channel}\u0000${row.external_id}`, row]));
    const optedOut: string[] = [];
    const rows: { deliveryId: string; message: typeof messages.$inferInsert & { id: string } }[] = [];
    for (const h of mine) {
      const identity = identityOf.get(`${h.channel}\u0000${h.externalId}`);
      if (!identity) throw new Error('identity vanished');
      // Whoever holds this number asked for no announcements: never send, whatever record the list pointed at.
      if (identity.opted_out) optedOut.push(h.delivery.id);
      else {
        const message = {
          id: randomUUID(),
          direction: 'outbound' as const,
          status: 'queued' as const,
          channel: h.channel,
          identityId: identity.id,
          text: h.text,
          payload: h.payload ?? null,
        };
        rows.push({ deliveryId: h.delivery.id, message });
      }
    }
    if (optedOut.length > 0) {
      await tx
        .update(deliveries)
        .set({ status: 'skipped', reason: 'opted_out' })
        .where(inArray(deliveries.id, optedOut));
    }
    if (rows.length === 0) return;
    await tx.insert(messages).values(rows.map((row) => row.message));
    await tx.execute(
      sql`update ${deliveries} d set message_id = v.message_id
          from (values ${sql.join(
            rows.map((row) => sql`(${row.deliveryId}::uuid, ${row.message.id}::uuid)`),
            sql`, `,
          )}) as v(id, message_id)
          where d.id = v.id`,
    );
    for (const row of rows) attached.set(row.deliveryId, row.message.id);
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
