import { and, asc, desc, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DeliveryUpdate } from '../channels/contract.js';
import type { Database } from './database.js';
import { textArray } from './json-rows.js';
import { preparedOnce } from './prepared-once.js';
import { rawRows } from './raw-rows.js';
import { channelIdentities, type Message, type MessageStatus, messages } from './schema.js';

export interface InboundInput {
  channel: string;
  identityId: string;
  providerMessageId: string;
  text: string;
  payload?: unknown;
}

/** Stores an inbound message once per (channel, provider message id); a redelivery returns the first copy. */
export async function recordInbound(
  db: Database,
  input: InboundInput,
): Promise<{ message: Message; duplicate: boolean }> {
  const [inserted] = await db
    .insert(messages)
    .values({ direction: 'inbound', status: 'received', ...input, payload: input.payload ?? null })
    .onConflictDoNothing({
      target: [messages.channel, messages.providerMessageId],
      where: sql`${messages.providerMessageId} is not null`,
    })
    .returning();
  if (inserted) return { message: inserted, duplicate: false };
  const [existing] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.channel, input.channel), eq(messages.providerMessageId, input.providerMessageId)));
  if (!existing) throw new Error('message vanished after a conflicting insert');
  return { message: existing, duplicate: true };
}

/** The message with this id, if any. */
export async function findMessage(db: Database, id: string): Promise<Message | undefined> {
  const [row] = await messageById(db).execute({ id });
  return row;
}

// Read for every reply the one-message path sends (see preparedOnce).
const messageById = preparedOnce((db) =>
  db
    .select()
    .from(messages)
    .where(eq(messages.id, sql.placeholder('id')))
    .prepare('message_by_id'),
);

export interface ReplyInput {
  text: string;
  payload?: unknown;
  status: MessageStatus;
  segments?: number;
}

/** Stores a turn's replies and marks its inbound message processed; call inside the turn's transaction. */
export async function completeInbound(
  db: Database,
  inbound: Message,
  replies: readonly ReplyInput[],
): Promise<Message[]> {
  const claimed = await db
    .update(messages)
    .set({ status: 'processed', processedAt: sql`now()`, updatedAt: sql`now()`, error: null })
    .where(and(eq(messages.id, inbound.id), eq(messages.status, 'received')))
    .returning({ id: messages.id });
  if (claimed.length === 0) throw new Error(`inbound message ${inbound.id} is not awaiting a turn`);
  if (replies.length === 0) return [];
  return db
    .insert(messages)
    .values(
      replies.map((reply, sequence) => ({
        direction: 'outbound' as const,
        channel: inbound.channel,
        identityId: inbound.identityId,
        replyToId: inbound.id,
        sequence,
        text: reply.text,
        payload: reply.payload ?? null,
        status: reply.status,
        segments: reply.segments ?? null,
      })),
    )
    .returning();
}

/** Marks an inbound message as failed for good, with the reason. */
export async function failInbound(db: Database, id: string, error: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: 'failed', error: error.slice(0, 500), updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), eq(messages.status, 'received')));
}

/**
 * Removes an inbound message that was stored but never handed to a turn, while it still waits for one: its provider
 * was told we did not take it and delivers it again.
 */
export async function forgetUntakenInbound(db: Database, id: string): Promise<void> {
  await db
    .delete(messages)
    .where(and(eq(messages.id, id), eq(messages.direction, 'inbound'), eq(messages.status, 'received')));
}

/** The replies of one turn, in the order the bot said them. */
export async function listReplies(db: Database, inboundId: string): Promise<Message[]> {
  return db.select().from(messages).where(eq(messages.replyToId, inboundId)).orderBy(asc(messages.sequence));
}

/** A person's most recent messages on every channel, newest first. */
export async function listMessagesOfPerson(db: Database, personId: string, limit: number): Promise<Message[]> {
  const rows = await db
    .select({ message: messages })
    .from(messages)
    .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
    .where(eq(channelIdentities.personId, personId))
    .orderBy(desc(messages.createdAt), desc(messages.sequence))
    .limit(limit);
  return rows.map((row) => row.message);
}

/** A turn's replies still waiting to be handed to their channel's outbound queue. */
export async function listQueuedReplies(db: Database, inboundId: string): Promise<Message[]> {
  return queuedReplies(db).execute({ inboundId });
}

// Read after every turn (see preparedOnce).
const queuedReplies = preparedOnce((db) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.replyToId, sql.placeholder('inboundId')), eq(messages.status, 'queued')))
    .orderBy(asc(messages.sequence))
    .prepare('queued_replies'),
);

/** Stores a message the service sends on its own (a notice, an alert), queued for its channel. */
export async function recordOutbound(
  db: Database,
  input: {
    channel: string;
    identityId: string;
    text: string;
    payload?: unknown;
    replyToId?: string;
    sequence?: number;
  },
): Promise<Message> {
  const [row] = await db
    .insert(messages)
    .values({ direction: 'outbound', status: 'queued', ...input, payload: input.payload ?? null })
    .returning();
  if (!row) throw new Error('insert into messages returned no row');
  return row;
}

/** Records the provider's acceptance of an outbound message. */
export async function markSent(db: Database, id: string, providerMessageId: string, segments: number): Promise<void> {
  await markSentQuery(db).execute({ id, providerMessageId, segments });
}

const markSentQuery = preparedOnce((db) =>
  db
    .update(messages)
    .set({
      status: 'sent',
      providerMessageId: sql`${sql.placeholder('providerMessageId')}`,
      segments: sql`${sql.placeholder('segments')}`,
      error: null,
      processedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(messages.id, sql.placeholder('id')), eq(messages.status, 'queued')))
    .prepare('mark_sent'),
);

/** Ends a message as failed or skipped, with the reason; false when it had already ended. */
export async function markUnsent(
  db: Database,
  id: string,
  status: 'failed' | 'skipped',
  error: string,
): Promise<boolean> {
  const closed = await db
    .update(messages)
    .set({ status, error: error.slice(0, 500), processedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), inArray(messages.status, ['queued', 'received'])))
    .returning({ id: messages.id });
  return closed.length > 0;
}

/**
 * Applies providers' delivery reports in one statement, and tells for each whether it matched a message. Reports
 * arrive out of order and more than once: a message only moves forward (sent → delivered | failed), never back; of
 * one message's reports in one call, the first final one (delivered, failed) wins, as it would applied one by one.
 * One statement for many: after a blast the receipts come back at the rate the sends went (bench/blast), and a
 * statement and a commit each made them a second blast on the database.
 */
export async function applyDeliveryReports(db: Database, reports: readonly DeliveryUpdate[]): Promise<boolean[]> {
  if (reports.length === 0) return [];
  const rows = await rawRows<{ channel: string; provider_message_id: string }>(
    db,
    sql`with v as (
      select * from unnest(${textArray(reports.map((r) => r.channel))}, ${textArray(reports.map((r) => r.providerMessageId))},
                           ${textArray(reports.map((r) => r.status))}, ${textArray(reports.map((r) => r.error ?? null))})
        with ordinality as v(channel, provider_id, status, error, n)),
    latest as (
      select distinct on (channel, provider_id) * from v
      order by channel, provider_id, status = 'sent', n),
    -- Each report's message found by its key first (see idRows: one index look-up each, whatever the statistics), and
    -- nothing but its id then filters the messages updated: on a new database's first blast, a filter on a column
    -- PostgreSQL has no statistics for yet (direction) made it expect 17 outbound messages of 8,000, and it updated
    -- 4,000 receipts by scanning the table once for each of them (34 s; auto_explain).
    target as (
      select hit.id, latest.status, latest.error from latest
      cross join lateral (select id from ${messages} m
                          -- the key's index is partial (see messages): said here, or the planner cannot use it
                          where m.channel = latest.channel and m.provider_message_id = latest.provider_id
                            and m.provider_message_id is not null and m.direction = 'outbound'
                          limit 1) hit)
    update ${messages} m set status = target.status, error = left(target.error, 500), updated_at = now()
    from target
    where m.id = target.id
      and m.status = any(case when target.status = 'sent' then array['queued'] else array['queued', 'sent'] end)
    returning m.channel, m.provider_message_id`,
  );
  const matched = new Set(rows.map((row) => `${row.channel}\u0000${row.provider_message_id}`));
  return reports.map((report) => matched.has(`${report.channel}\u0000${report.providerMessageId}`));
}

/** The columns of a message that the order of its identity's messages is judged by. */
interface OrderKey {
  identityId: SQLWrapper;
  direction: SQLWrapper;
  createdAt: SQLWrapper;
  sequence: SQLWrapper;
}

/**
 * The earliest message in the same direction for the same identity still waiting in `status` (an earlier
 * inbound message not yet answered; an earlier reply not yet sent): messages are handled in the order people wrote
 * and read them. Compared in SQL: PostgreSQL keeps microseconds, a JavaScript Date only milliseconds, and the replies
 * of one turn share one timestamp and differ by sequence. A scalar subquery: its id, or null.
 */
function earlierPending(of: OrderKey, status: 'received' | 'queued', windowSeconds: SQLWrapper): SQL<string | null> {
  return sql`(select ${messages.id} from ${messages}
    where ${messages.identityId} = ${of.identityId} and ${messages.direction} = ${of.direction}
      and ${messages.status} = ${status}
      and (${messages.createdAt}, ${messages.sequence}) < (${of.createdAt}, ${of.sequence})
      and ${messages.createdAt} > ${of.createdAt} - make_interval(secs => ${windowSeconds})
    order by ${messages.createdAt}, ${messages.sequence} limit 1)`;
}

/** See earlierPending: the id of an earlier message of this one's identity still waiting in `status`, if any. */
export async function findEarlierPending(
  db: Database,
  message: Message,
  status: 'received' | 'queued',
  windowMs: number,
): Promise<string | undefined> {
  const mine = (column: string) => sql`(select ${sql.identifier(column)} from ${messages} where id = ${message.id})`;
  const [row] = await db
    .select({
      id: earlierPending(
        {
          identityId: sql`${message.identityId}::uuid`,
          direction: sql`${message.direction}`,
          createdAt: mine('created_at'),
          sequence: mine('sequence'),
        },
        status,
        sql`${windowMs / 1000}`,
      ),
    })
    .from(sql`(values (1)) as one`);
  return row?.id ?? undefined;
}

export interface QueuedSend {
  message: Message;
  /** The address on the message's channel; null if the identity is gone. */
  externalId: string | null;
  /** An earlier message to the same person still queued (see earlierPending): this one waits for it. */
  earlierPendingId: string | null;
  /** How many times this exact text went to this identity since `loopGuardSince` (the loop guard). */
  recentIdentical: number;
}

/**
 * What the one-message path needs to decide on a send, in one statement: the message, its address, whether it must
 * wait behind an earlier one, and the loop guard's count. These had been four statements a reply, each a round trip
 * and a socket write — the larger part of that path's cost.
 */
export async function loadQueuedSend(
  db: Database,
  id: string,
  orderWindowMs: number,
  loopGuardSince: Date,
): Promise<QueuedSend | undefined> {
  const [row] = await queuedSendQuery(db).execute({
    id,
    windowSeconds: orderWindowMs / 1000,
    since: loopGuardSince.toISOString(),
  });
  return row;
}

// Its select of a whole message and three subqueries was the largest single cost of a reply in Node (bench/mo).
const queuedSendQuery = preparedOnce((db) => {
  const m = alias(messages, 'm');
  return db
    .select({
      message: m,
      externalId: channelIdentities.externalId,
      earlierPendingId: earlierPending(m, 'queued', sql.placeholder('windowSeconds')),
      recentIdentical: sql<number>`(select count(*)::int from ${messages}
        where ${messages.identityId} = ${m.identityId} and ${messages.direction} = 'outbound'
          and ${messages.text} = ${m.text} and ${messages.status} in ('sent', 'delivered')
          and ${messages.createdAt} >= ${sql.placeholder('since')}::timestamptz)`,
    })
    .from(m)
    .leftJoin(channelIdentities, eq(channelIdentities.id, m.identityId))
    .where(eq(m.id, sql.placeholder('id')))
    .prepare('load_queued_send');
});

/** Replaces the stored text of an inbound message (a typed ID number), found by its provider message id. */
export async function redactInbound(
  db: Database,
  identityId: string,
  providerMessageId: string,
  text: string,
): Promise<void> {
  await db
    .update(messages)
    .set({ text, updatedAt: sql`now()` })
    .where(
      and(
        eq(messages.identityId, identityId),
        eq(messages.direction, 'inbound'),
        eq(messages.providerMessageId, providerMessageId),
      ),
    );
}
