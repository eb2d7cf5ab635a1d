import { sql } from 'drizzle-orm';
import type { Reachability } from '../domain/channel-policy.js';
import type { Database } from './database.js';
import { idRows, jsonRecords } from './json-rows.js';
import { orderedUuidSql } from './ordered-id.js';
import { rawRows } from './raw-rows.js';
import { channelIdentities, people } from './schema.js';

/** One person of a campaign's audience with what picking a channel and a language needs. */
export interface AudienceMember {
  personId: string;
  params: Record<string, string> | null;
  locale: 'vi' | 'en';
  reach: Reachability;
}

/** A person's identities as JSON, for the reach read (`p` names the person's row in `from`). */
export const identitiesJson = sql`coalesce((select json_agg(json_build_object(
    'channel', i.channel, 'externalId', i.external_id, 'optedOut', i.opted_out))
  from ${channelIdentities} i where i.person_id = p.id), '[]'::json)`;

/** A person's row as the reach reads return it. */
export interface ReachRow {
  id: string;
  phone: string | null;
  locale: string;
  identities: Reachability['identities'];
}

/** The audience member a reach row and its params make. */
export function audienceMember(row: ReachRow, params: Record<string, string> | null): AudienceMember {
  return { personId: row.id, params, locale: row.locale === 'en' ? 'en' : 'vi', reach: row };
}

/** The reach of these people, in the order given, in one query (a person deleted meanwhile is left out). */
export async function loadReach(
  db: Database,
  wanted: readonly { personId: string; params: Record<string, string> | null }[],
): Promise<AudienceMember[]> {
  if (wanted.length === 0) return [];
  const rows = await rawRows<ReachRow>(
    db,
    sql`select p.id, p.phone, p.locale, ${identitiesJson} as identities
        from ${idRows(wanted.map((member) => member.personId))}
        cross join lateral (select id, phone, locale from ${people} where id = x.id limit 1) p`,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return wanted.flatMap(({ personId, params }) => {
    const row = byId.get(personId);
    return row ? [audienceMember(row, params)] : [];
  });
}

export interface IdentityWanted {
  personId: string;
  channel: string;
  externalId: string;
}

/** Key of an identity in resolveIdentities' answer. */
export const identityKey = (channel: string, externalId: string): string => `${channel}\u0000${externalId}`;

/**
 * The identities these sends go to, made when missing (SMS reaches a known phone even before that person ever texted
 * us), with their opt-out: whoever holds a number and asked for no announcements is never sent one, whatever record
 * the audience pointed at.
 */
export async function resolveIdentities(
  db: Database,
  wanted: readonly IdentityWanted[],
): Promise<Map<string, { id: string; optedOut: boolean }>> {
  const found = new Map<string, { id: string; optedOut: boolean }>();
  if (wanted.length === 0) return found;
  const keep = (rows: { id: string; channel: string; external_id: string; opted_out: boolean }[]) => {
    for (const row of rows)
      found.set(identityKey(row.channel, row.external_id), { id: row.id, optedOut: row.opted_out });
  };
  const records = jsonRecords(wanted, sql`"personId" uuid, channel text, "externalId" text`);
  keep(
    await rawRows(
      db,
      sql`with v as (select distinct on (channel, "externalId") * from ${records}),
          made as (
            insert into ${channelIdentities} (id, person_id, channel, external_id)
            select ${orderedUuidSql}, "personId", channel, "externalId" from v
            -- in key order, so concurrent fan-outs making the same identities never deadlock
            order by channel, "externalId" on conflict (channel, external_id) do nothing
            returning id, channel, external_id, opted_out)
          select id, channel, external_id, opted_out from made
          union all
          select i.id, i.channel, i.external_id, i.opted_out
          from ${channelIdentities} i join v on i.channel = v.channel and i.external_id = v."externalId"`,
    ),
  );
  // One made by another transaction after this statement's snapshot was taken: visible to the next statement.
  const late = wanted.filter((w) => !found.has(identityKey(w.channel, w.externalId)));
  if (late.length > 0) {
    keep(
      await rawRows(
        db,
        sql`select i.id, i.channel, i.external_id, i.opted_out from ${channelIdentities} i
            join ${jsonRecords(late, sql`channel text, "externalId" text`)}
              on i.channel = v.channel and i.external_id = v."externalId"`,
      ),
    );
  }
  return found;
}
