import { type SQL, sql } from 'drizzle-orm';
import type { ExposureRules } from '../domain/checkin-settings.js';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';

export interface Exposure {
  checkinId: string;
  personId: string;
  venueId: string;
  checkedInAt: Date;
  endsAt: Date;
  overlapMinutes: number;
}

/**
 * The check-ins that overlap a stay of the case. A stay of the case is one of their check-ins or a staff-added
 * visit, clipped to the infectious period and lengthened by the buffer; another check-in at the same venue counts
 * when its overlap with it is positive and at least the minimum. The case's own check-ins never count.
 *
 * Every stay is at most 24 hours (a table constraint), so each stay reads one bounded range of the (venue, time)
 * index, and only the daily partitions of that range.
 */
function exposureMatches(caseId: string, rules: ExposureRules): SQL {
  const buffer = sql`make_interval(mins => ${rules.bufferMin}::int)`;
  return sql`
    with k as (select id, person_id, infectious_from, infectious_to from cases where id = ${caseId}),
    stays as (
      select c.venue_id, greatest(c.checked_in_at, k.infectious_from) as s, least(c.ends_at, k.infectious_to) as e
        from k join checkins c on c.person_id = k.person_id
       where c.checked_in_at < k.infectious_to
         and c.checked_in_at > k.infectious_from - interval '24 hours'
         and c.ends_at > k.infectious_from
      union all
      select v.venue_id, greatest(v.started_at, k.infectious_from), least(v.ended_at, k.infectious_to)
        from k join case_visits v on v.case_id = k.id
       where v.started_at < k.infectious_to and v.ended_at > k.infectious_from
    ),
    overlapping as (
      select x.id, x.person_id, x.venue_id, x.checked_in_at, x.ends_at,
             extract(epoch from least(x.ends_at, stays.e + ${buffer}) - greatest(x.checked_in_at, stays.s)) / 60
               as minutes
        from stays
        join lateral (
          select * from checkins x
           where x.venue_id = stays.venue_id
             and x.checked_in_at < stays.e + ${buffer}
             and x.checked_in_at > stays.s - interval '24 hours'
             and x.ends_at > stays.s
        ) x on true
       where x.person_id <> (select person_id from k)
    ),
    matches as (
      select id, person_id, venue_id, checked_in_at, ends_at, max(minutes) as minutes
        from overlapping
       group by id, person_id, venue_id, checked_in_at, ends_at
      having max(minutes) > 0 and max(minutes) >= ${rules.minOverlapMin}
    )`;
}

/** Every exposed check-in of a case, by person then time. */
export async function findExposures(db: Database, caseId: string, rules: ExposureRules): Promise<Exposure[]> {
  const rows = await rawRows<{
    id: string;
    person_id: string;
    venue_id: string;
    checked_in_at: string | Date;
    ends_at: string | Date;
    minutes: string | number;
  }>(
    db,
    sql`${exposureMatches(caseId, rules)}
        select id, person_id, venue_id, checked_in_at, ends_at, round(minutes::numeric, 1)::float8 as minutes
          from matches order by person_id, checked_in_at`,
  );
  return rows.map((row) => ({
    checkinId: row.id,
    personId: row.person_id,
    venueId: row.venue_id,
    checkedInAt: new Date(row.checked_in_at),
    endsAt: new Date(row.ends_at),
    overlapMinutes: Number(row.minutes),
  }));
}

export interface ExposedPerson {
  personId: string;
  /** Where and when they were exposed first: what the alert tells them (nothing about the case). */
  venueName: string;
  checkedInAt: Date;
}

/** One keyset page of the people a case exposed, ordered by person id (the alert audience). */
export async function exposedPeoplePage(
  db: Database,
  caseId: string,
  rules: ExposureRules,
  afterPersonId: string | null,
  limit: number,
): Promise<ExposedPerson[]> {
  const after = afterPersonId ?? '00000000-0000-0000-0000-000000000000';
  const rows = await rawRows<{ person_id: string; name: string; checked_in_at: string | Date }>(
    db,
    sql`${exposureMatches(caseId, rules)}
        select distinct on (m.person_id) m.person_id, v.name, m.checked_in_at
          from matches m join venues v on v.id = m.venue_id
         where m.person_id > ${after}::uuid
         order by m.person_id, m.checked_in_at
         limit ${limit}`,
  );
  return rows.map((row) => ({
    personId: row.person_id,
    venueName: row.name,
    checkedInAt: new Date(row.checked_in_at),
  }));
}
