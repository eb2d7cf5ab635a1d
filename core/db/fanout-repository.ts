import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type AudienceMember, identityKey, loadReach, resolveIdentities } from './campaign-reach.js';
import { cohortSources } from './cohort-sources.js';
import type { Database } from './database.js';
import { jsonRecords } from './json-rows.js';
import { orderedUuid, orderedUuidSql } from './ordered-id.js';
import { rawRows } from './raw-rows.js';
import {
  type Campaign,
  campaignRecipientChunks,
  campaigns,
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
 * An uploaded list is planned `lanes` pages at a time, each in its own transaction (PostgreSQL works a transaction on
 * one core; the fan-out was bound by it); other audiences page by keyset, one page at a time.
 */
export async function planFanoutPage<Plan extends MemberPlan>(
  db: Database,
  campaignId: string,
  pageSize: number,
  plan: PlanMembers<Plan>,
  lanes = 1,
): Promise<PlannedPage<Plan>> {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign || campaign.fanoutDone) return { done: true, queued: [] };
  if ((campaign.audience as Audience).type === 'phones') return planListRanges(db, campaign, pageSize, lanes, plan);
  return db.transaction(async (tx) => {
    // Locked: the keyset cursor is read and moved by one planner at a time.
    const [locked] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (!locked || locked.fanoutDone) return { done: true, queued: [] };
    const page = await keysetPage(tx, locked, pageSize);
    const stored = await storePage(tx, locked, page.rows, plan);
    const done = page.count < pageSize;
    await tx
      .update(campaigns)
      .set({
        fanoutCursor: page.cursor ?? locked.fanoutCursor,
        fanoutDone: done,
        planned: sql`${campaigns.planned} + ${stored.planned}`,
        updatedAt: sql`now()`,
      })
      .where(eq(campaigns.id, campaignId));
    return { done, queued: stored.queued };
  });
}

/**
 * An uploaded list's row numbers run from 1 without gaps, so the next `lanes` pages are known without reading
 * them and are planned side by side. The cursor moves only once all of them have committed, and only from where
 * they started: a lane that failed, or a worker that died, leaves the cursor behind, and planning those pages again
 * adds nothing.
 */
async function planListRanges<Plan extends MemberPlan>(
  db: Database,
  campaign: Campaign,
  pageSize: number,
  lanes: number,
  plan: PlanMembers<Plan>,
): Promise<PlannedPage<Plan>> {
  const after = Number(campaign.fanoutCursor ?? 0);
  const results = await Promise.all(
    Array.from({ length: lanes }, (_, lane) =>
      db.transaction(async (tx) => {
        const page = await listRange(tx, campaign.id, after + lane * pageSize, pageSize);
        const stored = await storePage(tx, campaign, page.rows, plan);
        if (stored.planned > 0) {
          await tx
            .update(campaigns)
            .set({ planned: sql`${campaigns.planned} + ${stored.planned}`, updatedAt: sql`now()` })
            .where(eq(campaigns.id, campaign.id));
        }
        return { count: page.count, queued: stored.queued };
      }),
    ),
  );
  const done = results.some((result) => result.count < pageSize);
  await db
    .update(campaigns)
    .set({ fanoutCursor: String(after + lanes * pageSize), fanoutDone: done, updatedAt: sql`now()` })
    .where(
      and(eq(campaigns.id, campaign.id), sql`${campaigns.fanoutCursor} is not distinct from ${campaign.fanoutCursor}`),
    );
  return { done, queued: results.flatMap((result) => result.queued) };
}

/**
 * Stores a page's plan: deliveries born queued with their channel, address and language (worded and made a message
 * when sent), or skipped with the reason.
 */
async function storePage<Plan extends MemberPlan>(
  tx: Database,
  campaign: Campaign,
  audience: Page['rows'],
  plan: PlanMembers<Plan>,
): Promise<{ planned: number; queued: PlannedPage<Plan>['queued'] }> {
  const members = await loadReach(tx, audience);
  const plans = plan(campaign, members);
  const identities = await resolveIdentities(
    tx,
    members.flatMap((member, index) => {
      const chosen = plans[index];
      return chosen?.kind === 'send'
        ? [{ personId: member.personId, channel: chosen.channel, externalId: chosen.externalId }]
        : [];
    }),
  );
  const rows = members.map((member, index) => {
    const chosen = plans[index];
    const base = { id: orderedUuid(), personId: member.personId, params: member.params };
    if (!chosen) throw new Error('the plan skipped a member');
    if (chosen.kind === 'skip') return { ...base, status: 'skipped', reason: chosen.reason };
    const identity = identities.get(identityKey(chosen.channel, chosen.externalId));
    if (!identity) throw new Error('identity vanished');
    if (identity.optedOut) return { ...base, status: 'skipped', reason: 'opted_out', channel: chosen.channel };
    return { ...base, status: 'queued', channel: chosen.channel, identityId: identity.id, locale: member.locale };
  });
  if (rows.length === 0) return { planned: 0, queued: [] };
  const stored = await rawRows<{ id: string; status: string }>(
    tx,
    sql`insert into ${deliveries}
          (id, campaign_id, person_id, params, status, reason, channel, tried_channels, identity_id, locale)
        select id, ${campaign.id}::uuid, "personId", params, status, reason, channel,
               case when channel is null then '{}'::text[] else array[channel] end, "identityId", locale
        from ${jsonRecords(
          rows,
          sql`id uuid, "personId" uuid, params jsonb, status text, reason text, channel text, "identityId" uuid,
              locale text`,
        )}
        -- in person order: side-by-side pages that share a person wait for each other in one order, never deadlock
        order by "personId"
        on conflict (campaign_id, person_id) do nothing
        returning id, status`,
  );
  const storedQueued = new Set(stored.flatMap((row) => (row.status === 'queued' ? [row.id] : [])));
  const queued: PlannedPage<Plan>['queued'] = [];
  rows.forEach((row, index) => {
    const chosen = plans[index];
    if (isSend(chosen) && storedQueued.has(row.id)) queued.push({ plan: chosen, deliveryId: row.id });
  });
  return { planned: stored.length, queued };
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

/** An uploaded list's rows after row `after`, at most `size`, with the person each phone is (made if new). */
async function listRange(tx: Database, campaignId: string, after: number, size: number): Promise<Omit<Page, 'cursor'>> {
  // The chunks holding rows after..after+size (none holds more than RECIPIENT_CHUNK_ROWS), unpacked to those rows.
  const range = sql`select c.first_row + e.i - 1 as row_no, e.r->>'phone' as phone, e.r->'params' as params
                    from ${campaignRecipientChunks} c
                    cross join lateral jsonb_array_elements(c.recipients) with ordinality as e(r, i)
                    where c.campaign_id = ${campaignId}
                      and c.first_row > ${after - RECIPIENT_CHUNK_ROWS + 1} and c.first_row <= ${after + size}
                      and c.first_row + e.i - 1 > ${after} and c.first_row + e.i - 1 <= ${after + size}`;
  // Someone we have never met is created from their phone; someone we know keeps their record and channels. In phone
  // order: fan-outs making the same new people lock them in the same order, so none deadlocks. The rows come back
  // from the same statement, so a chunk is unpacked once a page.
  const recipients = await rawRows<{ row_no: number; phone: string; params: Record<string, string> | null }>(
    tx,
    sql`with r as (${range}),
        made as (
          insert into ${people} (id, phone)
          select ${orderedUuidSql}, phone from (select distinct phone from r) d order by phone
          on conflict do nothing)
        select row_no, phone, params from r order by row_no`,
  );
  // A statement of its own: it sees the people the one above made, and those another transaction made meanwhile.
  const found = await rawRows<{ phone: string; id: string }>(
    tx,
    sql`select x.phone, p.id
        from jsonb_array_elements_text(${JSON.stringify(recipients.map((r) => r.phone))}::jsonb) as x(phone)
        cross join lateral (select id from ${people} where phone = x.phone limit 1) p`,
  );
  const personOf = new Map(found.map((row) => [row.phone, row.id]));
  return {
    rows: recipients.flatMap((r) => {
      const personId = personOf.get(r.phone);
      return personId ? [{ personId, params: r.params }] : [];
    }),
    count: recipients.length,
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
