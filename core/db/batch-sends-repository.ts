import { sql } from 'drizzle-orm';
import type { ProviderTemplate } from '../channels/contract.js';
import type { Database } from './database.js';
import { idRows, intArray, jsonRecords, textArray, uuidArray } from './json-rows.js';
import { preparedRows, rawRows } from './raw-rows.js';
import { channelIdentities, deliveries, messages } from './schema.js';

/** A campaign delivery still waiting to go on the batch path, with the address its channel sends to. */
export interface BatchSend {
  deliveryId: string;
  channel: string;
  identityId: string;
  externalId: string;
  locale: 'vi' | 'en';
  params: Record<string, string> | null;
}

export interface BatchLoad {
  /** Ready to send, in planning order. */
  sends: BatchSend[];
  /** Behind an earlier message to the same person still queued (a conversation's reply): they wait their turn. */
  behind: BatchSend[];
  /** Already handed to the one-message path, their message still queued: its job must exist. */
  handedOver: string[];
}

/** What a send needs stored with it: the message made for the delivery as it went, and the provider's answer. */
export interface SentRecord {
  deliveryId: string;
  messageId: string;
  identityId: string;
  channel: string;
  text: string;
  /** Channel extras stored and sent with the message: a ZNS template and its values. */
  payload?: { template: ProviderTemplate };
  providerMessageId: string;
  segments: number;
}

/** A message made for a delivery that leaves the batch path, with or without a send. */
export type DeliveryMessage = Omit<SentRecord, 'providerMessageId' | 'segments'>;

/**
 * A batch's deliveries that are still queued (a retried batch skips what it already sent or skipped), each with its
 * address and whether an earlier message to that person is still queued within `orderWindowMs`, in one query.
 */
export async function loadBatchSends(
  db: Database,
  deliveryIds: readonly string[],
  orderWindowMs: number,
): Promise<BatchLoad> {
  const load: BatchLoad = { sends: [], behind: [], handedOver: [] };
  if (deliveryIds.length === 0) return load;
  const rows = await preparedRows<{
    id: string;
    channel: string;
    identity_id: string;
    locale: string | null;
    params: Record<string, string> | null;
    message_id: string | null;
    message_status: string | null;
    external_id: string;
    behind: boolean;
  }>(
    db,
    sql`select d.id, d.channel, d.identity_id, d.locale, d.params, d.message_id, m.status as message_status,
               i.external_id,
               exists(select 1 from ${messages} e
                      where e.identity_id = d.identity_id and e.direction = 'outbound' and e.status = 'queued'
                        and e.id is distinct from d.message_id
                        and e.created_at > now() - make_interval(secs => ${orderWindowMs / 1000})) as behind
        from ${idRows(deliveryIds)}
        cross join lateral (select * from ${deliveries} d where d.id = x.id and d.status = 'queued' limit 1) d
        cross join lateral (select external_id from ${channelIdentities} i where i.id = d.identity_id limit 1) i
        left join lateral (select status from ${messages} m where m.id = d.message_id limit 1) m on true`,
  );
  // In the job's order, which is the order the audience was planned in.
  const position = new Map(deliveryIds.map((id, index) => [id, index]));
  rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  for (const row of rows) {
    if (row.message_id !== null) {
      if (row.message_status === 'queued') load.handedOver.push(row.message_id);
      continue;
    }
    const send: BatchSend = {
      deliveryId: row.id,
      channel: row.channel,
      identityId: row.identity_id,
      externalId: row.external_id,
      locale: row.locale === 'en' ? 'en' : 'vi',
      params: row.params,
    };
    (row.behind ? load.behind : load.sends).push(send);
  }
  return load;
}

/**
 * Records a batch's sends in one statement: each delivery sent with its provider id and parts, and the message it
 * went as. Only a delivery still queued on the batch path moves, so a late duplicate record changes nothing. The
 * message's channel and identity are the delivery's own, and a campaign's wording goes once however many sends share
 * it: this statement carries every send of a blast, and repeating them was half of its bytes (see textArray).
 */
export async function recordBatchSent(db: Database, sent: readonly SentRecord[]): Promise<void> {
  if (sent.length === 0) return;
  const wordings = new Map<string, number>();
  const texts: string[] = [];
  const payloads: (SentRecord['payload'] | null)[] = [];
  const wordingOf = sent.map(({ text, payload }) => {
    const key = payload ? `${text}\u0000${JSON.stringify(payload)}` : text;
    let index = wordings.get(key);
    if (index === undefined) {
      index = texts.push(text);
      payloads.push(payload ?? null);
      wordings.set(key, index);
    }
    return index;
  });
  await preparedRows(
    db,
    sql`with v as (
      select * from unnest(${uuidArray(sent.map((s) => s.deliveryId))}, ${uuidArray(sent.map((s) => s.messageId))},
                           ${textArray(sent.map((s) => s.providerMessageId))}, ${intArray(sent.map((s) => s.segments))},
                           ${intArray(wordingOf)})
        as v("deliveryId", "messageId", "providerMessageId", segments, wording)),
    d as (
      update ${deliveries} set status = 'sent', message_id = v."messageId", segments = v.segments, updated_at = now()
      from v where ${deliveries.id} = v."deliveryId" and ${deliveries.status} = 'queued'
        and ${deliveries.messageId} is null
      returning v.*, ${deliveries.identityId} as identity_id, ${deliveries.channel} as channel)
    insert into ${messages} (id, direction, status, channel, identity_id, delivery_id, text, payload,
                             provider_message_id, segments, processed_at)
    select "messageId", 'outbound', 'sent', channel, identity_id, "deliveryId", (${textArray(texts)})[wording],
           nullif((${JSON.stringify(payloads)}::jsonb) -> (wording - 1), 'null'::jsonb), "providerMessageId",
           segments, now()
    from d`,
  );
}

/**
 * A send the channel refused for good: its message is kept as failed, with the reason, and the delivery goes back to
 * pending for the next channel of its policy. False when the delivery had already moved on.
 */
export async function recordBatchFailure(db: Database, failed: DeliveryMessage, reason: string): Promise<boolean> {
  const rows = await rawRows<{ id: string }>(
    db,
    sql`with v as (select * from ${messageRows([failed])}),
    d as (
      update ${deliveries} set status = 'pending', reason = ${reason}, updated_at = now()
      from v where ${deliveries.id} = v."deliveryId" and ${deliveries.status} = 'queued'
        and ${deliveries.messageId} is null
      returning ${deliveries.id} as id)
    insert into ${messages}
      (id, direction, status, channel, identity_id, delivery_id, text, payload, error, processed_at)
    select v."messageId", 'outbound', 'failed', v.channel, v."identityId", v."deliveryId", v.text, v.payload,
           ${reason}, now()
    from v join d on d.id = v."deliveryId"
    returning id`,
  );
  return rows.length > 0;
}

/**
 * Hands deliveries to the one-message path (a retry after a passing failure, a wait behind a reply): each gets its
 * message stored queued and linked, which also takes it off the batch path. Returns the messages attached.
 */
export async function attachQueuedMessages(
  db: Database,
  handed: readonly DeliveryMessage[],
): Promise<DeliveryMessage[]> {
  if (handed.length === 0) return [];
  const rows = await rawRows<{ id: string }>(
    db,
    sql`with v as (select * from ${messageRows(handed)}),
    d as (
      update ${deliveries} set message_id = v."messageId", updated_at = now()
      from v where ${deliveries.id} = v."deliveryId" and ${deliveries.status} = 'queued'
        and ${deliveries.messageId} is null
      returning ${deliveries.id} as id)
    insert into ${messages} (id, direction, status, channel, identity_id, delivery_id, text, payload)
    select v."messageId", 'outbound', 'queued', v.channel, v."identityId", v."deliveryId", v.text, v.payload
    from v join d on d.id = v."deliveryId"
    returning id`,
  );
  const attached = new Set(rows.map((row) => row.id));
  return handed.filter((message) => attached.has(message.messageId));
}

/**
 * A batch's deliveries that could not be sent at all (the job gave up): back to pending with the reason, for the next
 * channel of their policy. Returns those that moved.
 */
export async function returnToPending(db: Database, deliveryIds: readonly string[], reason: string): Promise<string[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await rawRows<{ id: string }>(
    db,
    sql`update ${deliveries} d set status = 'pending', reason = ${reason.slice(0, 500)}, updated_at = now()
        from ${idRows(deliveryIds)}
        where d.id = x.id and d.status = 'queued' and d.message_id is null
        returning d.id`,
  );
  return rows.map((row) => row.id);
}

/** Ends a batch's still-queued deliveries without a send (a cancelled campaign), with the reason. */
export async function skipBatch(db: Database, deliveryIds: readonly string[], reason: string): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db.execute(
    // The still-queued ones found id by id first (see idRows), then updated by key.
    sql`with target as (
      select q.id from ${idRows(deliveryIds)}
      cross join lateral (select id from ${deliveries}
                          where id = x.id and status = 'queued' and message_id is null limit 1) q)
    update ${deliveries} d set status = 'skipped', reason = ${reason}, updated_at = now()
    from target where d.id = target.id and d.status = 'queued' and d.message_id is null`,
  );
}

function messageRows(rows: readonly DeliveryMessage[]) {
  return jsonRecords(
    rows,
    sql`"deliveryId" uuid, "messageId" uuid, "identityId" uuid, channel text, text text, payload jsonb`,
  );
}
