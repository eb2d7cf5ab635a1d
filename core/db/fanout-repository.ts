import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type AudienceMember, audienceMember, identitiesJson, loadReach, type ReachRow } from './campaign-reach.js';
import { cohortSources } from './cohort-sources.js';
import type { Database } from './database.js';
import { textArray, uuidArray } from './json-rows.js';
import { orderedUuid } from './ordered-id.js';
import { rawRows } from './raw-rows.js';
import {
  type Campaign,
  campaignRecipientChunks,
  campaigns,
  channelIdentities,
  deliveries,
  people,
  RECIPIENT_CHUNK_ROWS,
} from './schema.js';

export type Audience =
  | { type: 'phones' }
  | { type: 'wards'; wards: string[] }
  | { type: 'everyone' }
  | { type: 'cohort'; cohort: string; ref: string };

/** What the fan-out decided for one person: a message on a channel, or no message and why. */
export type MemberPlan = { kind: 'send'; channel: string; externalId: string } | { kind: 'skip'; reason: string };

export interface PlannedPage<Plan> {
  done: boolean;
  /** The deliveries stored queued by this page, for the caller to enqueue once the page is committed. */
  queued: { plan: Extract<Plan, { kind: 'send' }>; deliveryId: string }[];
}

type PlanMembers<Plan> = (campaign: Campaign, members: readonly AudienceMember[]) => Plan[];

/**
 * Plans the next page of a campaign's audience and hands it to its channels, each page in one transaction: one
 * delivery per person (the unique key drops repeats, so a person is never planned twice), born queued on its
 * channel or skipped with the reason, so a fan-out that dies resumes where it stopped and a page planned again adds
 * nothing. `plan` picks each person's channel; it runs inside the transaction and must not do I/O.
 * Other audiences than an uploaded list page by keyset, one page at a time; a list's pages can also be planned side
 * by side (`planListRange`).
 */
export async function planFanoutPage<Plan extends MemberPlan>(
  db: Database,
  campaignId: string,
  pageSize: number,
  plan: PlanMembers<Plan>,
): Promise<PlannedPage<Plan>> {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign || campaign.fanoutDone) return { done: true, queued: [] };
  if (isListAudience(campaign)) {
    const after = Number(campaign.fanoutCursor ?? 0);
    const page = await planListRange(db, campaign, after, pageSize, plan);
    const done = page.count < pageSize;
    await advanceListCursor(db, campaignId, after + pageSize, done);
    return { done, queued: page.queued };
  }
  return db.transaction(async (tx) => {
    // Locked: the keyset cursor is read and moved by one planner at a time.
    const [locked] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (!locked || locked.fanoutDone) return { done: true, queued: [] };
    const page = await keysetPage(tx, locked, pageSize);
    const queued = await storePage(tx, locked, await loadReach(tx, page.rows), plan);
    const done = page.count < pageSize;
    await tx
      .update(campaigns)
      .set({ fanoutCursor: page.cursor ?? locked.fanoutCursor, fanoutDone: done, updatedAt: sql`now()` })
      .where(eq(campaigns.id, campaignId));
    return { done, queued };
  });
}

/** An uploaded list: its rows are numbered from 1 without gaps, so its pages are known without reading them. */
export function isListAudience(campaign: Campaign): boolean {
  return (campaign.audience as Audience).type === 'phones';
}

/**
 * Plans rows after..after+size of an uploaded list in one transaction, which touches no row another page's does
 * but the people both list (so pages can be planned side by side): PostgreSQL works a transaction on one core, and
 * the fan-out was bound by it. `count` is the rows the range held: fewer than `size` means the list ends there.
 */
export async function planListRange<Plan extends MemberPlan>(
  db: Database,
  campaign: Campaign,
  after: number,
  size: number,
  plan: PlanMembers<Plan>,
): Promise<{ count: number; queued: PlannedPage<Plan>['queued'] }> {
  return db.transaction(async (tx) => {
    const page = await listRange(tx, campaign.id, after, size);
    return { count: page.count, queued: await storePage(tx, campaign, page.members, plan) };
  });
}

/**
 * Moves a list's cursor forward to `to` (every row up to it planned), never back: pages planned side by side commit
 * in any order, and a page that failed, or a worker that died, leaves the cursor behind it, where planning again
 * adds nothing.
 */
export async function advanceListCursor(db: Database, campaignId: string, to: number, done: boolean): Promise<void> {
  await db
    .update(campaigns)
    .set({ fanoutCursor: String(to), fanoutDone: done, updatedAt: sql`now()` })
    .where(and(eq(campaigns.id, campaignId), sql`coalesce(${campaigns.fanoutCursor}, '0')::bigint < ${to}`));
}

/**
 * Stores a page's plan: deliveries born queued with their channel, address and language (worded and made a message
 * when sent), or skipped with the reason.
 */
async function storePage<Plan extends MemberPlan>(
  tx: Database,
  campaign: Campaign,
  members: readonly AudienceMember[],
  plan: PlanMembers<Plan>,
): Promise<PlannedPage<Plan>['queued']> {
  const plans = plan(campaign, members);
  const rows = members.map((member, index): DeliveryRow => {
    const chosen = plans[index];
    if (!chosen) throw new Error('the plan skipped a member');
    const { personId, params } = member;
    if (chosen.kind === 'skip')
      return { id: orderedUuid(), personId, params, status: 'skipped', reason: chosen.reason };
    return {
      id: orderedUuid(),
      personId,
      params,
      status: 'queued',
      channel: chosen.channel,
      externalId: chosen.externalId,
      // The id its identity gets if it has none yet: made here, a UUIDv7 costs PostgreSQL more than the insert.
      identityId: orderedUuid(),
      locale: member.locale,
    };
  });
  const stored = await storeDeliveries(tx, campaign.id, rows);
  const storedQueued = new Set(stored.flatMap((row) => (row.status === 'queued' ? [row.id] : [])));
  const queued: PlannedPage<Plan>['queued'] = [];
  rows.forEach((row, index) => {
    const chosen = plans[index];
    if (isSend(chosen) && storedQueued.has(row.id)) queued.push({ plan: chosen, deliveryId: row.id });
  });
  return queued;
}

interface DeliveryRow {
  id: string;
  personId: string;
  params: Record<string, string> | null;
  status: string;
  reason?: string;
  channel?: string;
  externalId?: string;
  identityId?: string;
  locale?: string;
}

/**
 * Inserts a page's deliveries in one statement with the identities they go to, made when missing (SMS reaches a known
 * phone even before that person ever texted us): whoever holds a number and asked for no announcements is skipped,
 * whatever record the audience pointed at. An identity another transaction made after this statement began is
 * neither made nor seen by it; those rows are stored by a second statement, which sees it.
 */
async function storeDeliveries(
  tx: Database,
  campaignId: string,
  rows: readonly DeliveryRow[],
): Promise<{ id: string; status: string }[]> {
  if (rows.length === 0) return [];
  const result = await rawRows<{ id: string; status: string; unresolved: boolean }>(
    tx,
    // Columns rather than JSON records (see textArray); the values, mostly none, as one JSON array by position.
    sql`with v as (
      select id, "personId", status, reason, channel collate "C" as channel, "externalId" collate "C" as "externalId",
             "identityId"::uuid, locale,
             ${paramsByPosition(rows)}::jsonb -> (n - 1)::int as params
      from unnest(${uuidArray(rows.map((row) => row.id))}, ${uuidArray(rows.map((row) => row.personId))},
                  ${textArray(rows.map((row) => row.status))}, ${textArray(rows.map((row) => row.reason ?? null))},
                  ${textArray(rows.map((row) => row.channel ?? null))},
                  ${textArray(rows.map((row) => row.externalId ?? null))},
                  ${textArray(rows.map((row) => row.identityId ?? null))},
                  ${textArray(rows.map((row) => row.locale ?? null))})
        with ordinality as v(id, "personId", status, reason, channel, "externalId", "identityId", locale, n)),
    wanted as (select distinct on (channel, "externalId") "identityId", "personId", channel, "externalId" from v
               where status = 'queued'),
    made as (
      insert into ${channelIdentities} (id, person_id, channel, external_id)
      select "identityId", "personId", channel, "externalId" from wanted
      -- in key order, so concurrent fan-outs making the same identities never deadlock; the one key that can clash
      -- named, or every row probes the primary key too (its ids are new)
      order by channel, "externalId" on conflict (channel, external_id) do nothing
      returning id, channel, external_id, opted_out),
    known as (
      select id, channel, external_id, opted_out from made
      union all
      -- only those this statement did not make (a hashed filter): a page of new people looked up every one in vain
      select i.id, i.channel, i.external_id, i.opted_out
      from ${channelIdentities} i join wanted w on i.channel = w.channel and i.external_id = w."externalId"
      where (w.channel, w."externalId") not in (select channel, external_id from made)),
    planned as (
      select v.id, v."personId", v.params, v.status, v.reason, v.channel, v.locale, k.id as identity_id,
             coalesce(k.opted_out, false) as opted_out
      from v left join known k on k.channel = v.channel and k.external_id = v."externalId"),
    d as (
      insert into ${deliveries}
        (id, campaign_id, person_id, params, status, reason, channel, tried_channels, identity_id, locale)
      select id, ${campaignId}::uuid, "personId", params,
             case when opted_out then 'skipped' else status end, case when opted_out then 'opted_out' else reason end,
             channel, case when channel is null then '{}'::text[] else array[channel] end, identity_id, locale
      from planned where status <> 'queued' or identity_id is not null
      -- in person order: side-by-side pages that share a person wait for each other in one order, never deadlock
      order by "personId"
      on conflict (campaign_id, person_id) do nothing
      returning id, status)
    select id, status, false as unresolved from d
    union all
    select id, status, true from planned where status = 'queued' and identity_id is null`,
  );
  const unresolved = new Set(result.flatMap((row) => (row.unresolved ? [row.id] : [])));
  const stored = result.filter((row) => !row.unresolved);
  if (unresolved.size === 0) return stored;
  return [
    ...stored,
    ...(await storeDeliveries(
      tx,
      campaignId,
      rows.filter((row) => unresolved.has(row.id)),
    )),
  ];
}

/** The rows' values as one JSON array by position, or null when no row has any (a campaign's usual case). */
function paramsByPosition(rows: readonly DeliveryRow[]): string | null {
  return rows.some((row) => row.params !== null) ? JSON.stringify(rows.map((row) => row.params)) : null;
}

function isSend<Plan extends MemberPlan>(plan: Plan | undefined): plan is Extract<Plan, { kind: 'send' }> {
  return plan?.kind === 'send';
}

interface Page {
  rows: { personId: string; params: Record<string, string> | null }[];
  /** Audience rows read (before repeats and vanished people are dropped): fewer than the page size ends the fan-out. */
  count: number;
  cursor: string | undefined;
}

function keysetPage(tx: Database, campaign: Campaign, pageSize: number): Promise<Page> {
  const audience = campaign.audience as Exclude<Audience, { type: 'phones' }>;
  if (audience.type === 'cohort') return cohortPage(tx, campaign, audience, pageSize);
  return peoplePage(tx, campaign, audience, pageSize);
}

/**
 * An uploaded list's rows after row `after`, at most `size`: the person each phone is, made if new, with reach.
 * Someone we have never met is created from their phone, and their reach is known without reading it (that phone,
 * no identities yet); someone we know keeps their record and channels, read in a second statement.
 */
async function listRange(
  tx: Database,
  campaignId: string,
  after: number,
  size: number,
): Promise<{ members: AudienceMember[]; count: number }> {
  // Their ids made here, one per row of the range at most (a UUIDv7 costs PostgreSQL more than the insert). Made in
  // phone order: fan-outs making the same new people lock them in the same order, so none deadlocks. The chunks
  // holding rows after..after+size (none holds more than RECIPIENT_CHUNK_ROWS), unpacked once.
  const ids = uuidArray(Array.from({ length: size }, () => orderedUuid()));
  const rows = await rawRows<{
    phone: string;
    params: Record<string, string> | null;
    id: string | null;
    locale: string | null;
  }>(
    tx,
    sql`with r as materialized (
          select c.first_row + e.i - 1 as row_no, (e.r->>'phone') collate "C" as phone, e.r->'params' as params
          from ${campaignRecipientChunks} c
          cross join lateral jsonb_array_elements(c.recipients) with ordinality as e(r, i)
          where c.campaign_id = ${campaignId}
            and c.first_row > ${after - RECIPIENT_CHUNK_ROWS + 1} and c.first_row <= ${after + size}
            and c.first_row + e.i - 1 > ${after} and c.first_row + e.i - 1 <= ${after + size}),
        made as (
          insert into ${people} (id, phone)
          select (${ids})[row_number() over (order by phone)], phone
          from (select distinct phone from r) d order by phone
          on conflict (phone) do nothing
          returning id, phone, locale)
        select r.phone, r.params, m.id, m.locale from r left join made m on m.phone = r.phone order by r.row_no`,
  );
  const known = await knownPeople(
    tx,
    rows.flatMap((row) => (row.id === null ? [row.phone] : [])),
  );
  const members: AudienceMember[] = [];
  for (const { phone, params, id, locale } of rows) {
    const reach: ReachRow | undefined =
      id !== null && locale !== null ? { id, phone, locale, identities: [] } : known.get(phone);
    if (reach) members.push(audienceMember(reach, params));
  }
  return { members, count: rows.length };
}

/**
 * The people who hold these phones, with their reach. A statement of its own: it sees those another transaction made
 * while the range's insert ran (the insert waited for it, and found them taken).
 */
async function knownPeople(tx: Database, phones: readonly string[]): Promise<Map<string, ReachRow>> {
  if (phones.length === 0) return new Map();
  const rows = await rawRows<ReachRow & { phone: string }>(
    tx,
    sql`select p.id, p.phone, p.locale, ${identitiesJson} as identities
        from jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb) as x(phone)
        cross join lateral (select id, phone, locale from ${people} where phone = x.phone limit 1) p`,
  );
  return new Map(rows.map((row) => [row.phone, row]));
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
    count: members.length,
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
  return { rows: rows.map((row) => ({ personId: row.id, params: null })), count: rows.length, cursor: rows.at(-1)?.id };
}
