import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { idRows, jsonRecords, uuidArray } from './json-rows.js';
import { rawRows } from './raw-rows.js';
import { channelIdentities, deliveries, type Message, messages } from './schema.js';

/** A campaign message still waiting to go, with the address its channel sends to. */
export interface BatchSend {
  message: Pick<Message, 'id' | 'channel' | 'identityId' | 'text' | 'payload'>;
  externalId: string;
}

export interface SentRecord {
  messageId: string;
  providerMessageId: string;
  segments: number;
}

/** The messages of a send batch that are still queued (a retried batch skips what it already sent), in one query. */
export async function loadBatchSends(db: Database, messageIds: readonly string[]): Promise<BatchSend[]> {
  if (messageIds.length === 0) return [];
  const rows = await rawRows<{
    id: string;
    channel: string;
    identity_id: string;
    text: string;
    payload: unknown;
    external_id: string;
  }>(
    db,
    sql`select m.id, m.channel, m.identity_id, m.text, m.payload, i.external_id
        from ${idRows(messageIds)}
        cross join lateral (select * from ${messages} m
                            where m.id = x.id and m.direction = 'outbound' and m.status = 'queued' limit 1) m
        cross join lateral (select external_id from ${channelIdentities} i where i.id = m.identity_id limit 1) i
        order by m.created_at, m.sequence`,
  );
  return rows.map((row) => ({
    message: { id: row.id, channel: row.channel, identityId: row.identity_id, text: row.text, payload: row.payload },
    externalId: row.external_id,
  }));
}

/**
 * Which of these messages have an earlier message to the same person still queued outside this batch (a reply of a
 * conversation): those wait their turn on the one-message path, which keeps each person's messages in order.
 */
export async function messagesBehindEarlier(
  db: Database,
  messageIds: readonly string[],
  windowMs: number,
): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await rawRows<{ id: string }>(
    db,
    sql`select m.id from ${idRows(messageIds)}
        cross join lateral (select id, identity_id, created_at, sequence from ${messages} where id = x.id limit 1) m
        cross join lateral (
          select 1 from ${messages} e
          where e.identity_id = m.identity_id and e.direction = 'outbound' and e.status = 'queued'
            and e.id <> all(${uuidArray(messageIds)})
            and (e.created_at, e.sequence) < (m.created_at, m.sequence)
            and e.created_at > m.created_at - make_interval(secs => ${windowMs / 1000})
          limit 1) earlier`,
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Records a batch's sends in one statement: each message sent with its provider id and parts, and its campaign
 * delivery with it. Only a message still queued moves, so a late duplicate record changes nothing.
 */
export async function recordBatchSent(db: Database, sent: readonly SentRecord[]): Promise<void> {
  if (sent.length === 0) return;
  await db.execute(
    sql`with v as (select * from ${jsonRecords(sent, sql`"messageId" uuid, "providerMessageId" text, segments int`)}),
    m as (
      update ${messages} set status = 'sent', provider_message_id = v."providerMessageId", segments = v.segments,
             error = null, processed_at = now(), updated_at = now()
      from v where ${messages.id} = v."messageId" and ${messages.status} = 'queued'
      returning ${messages.id} as id, v.segments as segments)
    update ${deliveries} d set status = 'sent', segments = m.segments, updated_at = now()
    from m where d.message_id = m.id and d.status = 'queued'`,
  );
}

/** Ends a batch's still-queued messages and their deliveries without a send (a cancelled campaign), with the reason. */
export async function skipBatch(db: Database, messageIds: readonly string[], reason: string): Promise<void> {
  if (messageIds.length === 0) return;
  await db.execute(
    // The still-queued ones found id by id first (see idRows), then updated by key.
    sql`with target as (
      select q.id from ${idRows(messageIds)}
      cross join lateral (select id from ${messages} where id = x.id and status = 'queued' limit 1) q),
    m as (
      update ${messages} set status = 'skipped', error = ${reason}, processed_at = now(), updated_at = now()
      from target where ${messages.id} = target.id and ${messages.status} = 'queued'
      returning ${messages.id} as id)
    update ${deliveries} d set status = 'skipped', reason = ${reason}, updated_at = now()
    from m where d.message_id = m.id and d.status in ('pending', 'queued')`,
  );
}
