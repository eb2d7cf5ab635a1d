import { type SQL, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import type { WardScope } from './monitoring-board-repository.js';
import { rawRows } from './raw-rows.js';

/** Where the previous page of cases ended: the last case's creation time (to the microsecond) and id. */
export interface CaseListCursor {
  createdAt: string;
  id: string;
}

/** A case as the console's list shows it. */
export interface CaseSummary {
  id: string;
  status: 'open' | 'alerted';
  phone: string | null;
  infectiousFrom: Date;
  infectiousTo: Date;
  createdBy: string;
  createdAt: Date;
  campaignId: string | null;
  /** Visits staff added by interview. */
  visits: number;
  /** The wards the case belongs to (see caseWards). */
  wardCodes: string[];
}

/**
 * The wards a case belongs to: the ward of the person, and the wards of the venues they were at while infectious —
 * visits staff added and their own check-ins — since those wards' officers handle the exposures there. A case with
 * none of these (an unknown person's ward, no stays yet) belongs to no ward and is seen by admins only.
 */
const caseWards = sql`array(
  select distinct w from (
    select p.ward_code as w
    union all
    select v.ward_code from case_visits cv join venues v on v.id = cv.venue_id where cv.case_id = c.id
    union all
    select v.ward_code from checkins k join venues v on v.id = k.venue_id
     where k.person_id = c.person_id and k.checked_in_at < c.infectious_to
       and k.checked_in_at > c.infectious_from - interval '24 hours' and k.ends_at > c.infectious_from
  ) stays where w is not null order by w)`;

function inScope(wards: WardScope): SQL {
  if (wards === undefined) return sql`true`;
  const list = sql.join(
    wards.map((ward) => sql`${ward}`),
    sql`, `,
  );
  return sql`ward_codes && array[${list}]::text[]`;
}

/** A page of the cases that belong to any of `wards` (every case for undefined), newest first. */
export async function listCasesInWards(
  db: Database,
  filter: { wards: WardScope; after?: CaseListCursor | undefined },
  limit: number,
): Promise<{ cases: CaseSummary[]; next: CaseListCursor | undefined }> {
  const after = filter.after
    ? sql`(c.created_at, c.id) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`
    : sql`true`;
  const rows = await rawRows<{
    id: string;
    status: CaseSummary['status'];
    phone: string | null;
    infectious_from: string | Date;
    infectious_to: string | Date;
    created_by: string;
    created_at: string | Date;
    cursor_at: string;
    campaign_id: string | null;
    visits: number;
    ward_codes: string[];
  }>(
    db,
    sql`select * from (
          select c.id, c.status, p.phone, c.infectious_from, c.infectious_to, c.created_by, c.created_at,
                 c.campaign_id, to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
                 (select count(*) from case_visits cv where cv.case_id = c.id)::int as visits,
                 ${caseWards} as ward_codes
            from cases c join people p on p.id = c.person_id
           where ${after}
        ) listed
        where ${inScope(filter.wards)}
        order by created_at desc, id desc
        limit ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    cases: page.map((row) => ({
      id: row.id,
      status: row.status,
      phone: row.phone,
      infectiousFrom: new Date(row.infectious_from),
      infectiousTo: new Date(row.infectious_to),
      createdBy: row.created_by,
      createdAt: new Date(row.created_at),
      campaignId: row.campaign_id,
      visits: Number(row.visits),
      wardCodes: row.ward_codes,
    })),
    next: rows.length > limit && last ? { createdAt: last.cursor_at, id: last.id } : undefined,
  };
}
