import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';
import { venueReports, venueSelfChecks, wardRiskLevels } from './schema.js';

export type RiskLevel = 1 | 2 | 3 | 4;

/** Sets a ward's risk level from a date on (a second setting for the same date replaces the first). */
export async function setWardRisk(
  db: Database,
  input: { wardCode: string; level: RiskLevel; effectiveDate: string; setBy: string },
): Promise<void> {
  await db
    .insert(wardRiskLevels)
    .values(input)
    .onConflictDoUpdate({
      target: [wardRiskLevels.wardCode, wardRiskLevels.effectiveDate],
      set: { level: input.level, setBy: input.setBy, createdAt: sql`now()` },
    });
}

/** The level in force in a ward on `today`: the latest one set for a date not after it. */
export async function currentWardRisk(
  db: Database,
  wardCode: string,
  today: string,
): Promise<{ level: RiskLevel; since: string } | undefined> {
  const [row] = await db
    .select({ level: wardRiskLevels.level, since: wardRiskLevels.effectiveDate })
    .from(wardRiskLevels)
    .where(and(eq(wardRiskLevels.wardCode, wardCode), sql`${wardRiskLevels.effectiveDate} <= ${today}`))
    .orderBy(desc(wardRiskLevels.effectiveDate))
    .limit(1);
  return row ? { level: row.level as RiskLevel, since: row.since } : undefined;
}

/** Stores a venue's daily self-check; answering again the same day replaces the answer. */
export async function saveSelfCheck(
  db: Database,
  input: {
    venueId: string;
    checkDate: string;
    masks: boolean;
    distancing: boolean;
    disinfection: boolean;
    qrDisplayed: boolean;
    answeredBy: string;
  },
): Promise<void> {
  const { venueId, checkDate, ...answers } = input;
  await db
    .insert(venueSelfChecks)
    .values(input)
    .onConflictDoUpdate({
      target: [venueSelfChecks.venueId, venueSelfChecks.checkDate],
      set: { ...answers, createdAt: sql`now()` },
    });
}

/** Stores a citizen's report about a venue. */
export async function addVenueReport(
  db: Database,
  input: { venueId: string; personId: string; text: string },
): Promise<void> {
  await db.insert(venueReports).values(input);
}

export interface PublicMap {
  wards: { wardCode: string; name: string | null; level: RiskLevel; since: string }[];
  venues: {
    code: string;
    name: string;
    category: string;
    address: string;
    wardCode: string;
    selfCheck: {
      date: string;
      masks: boolean;
      distancing: boolean;
      disinfection: boolean;
      qrDisplayed: boolean;
    } | null;
    reportsLast7Days: number;
  }[];
}

/**
 * The safety map: every ward's level in force today and every open venue with its latest self-check and a count of
 * recent reports. Built from an explicit column list, so no phone, name of a person or person id can leak into it.
 */
export async function publicMap(db: Database, today: string, now: Date): Promise<PublicMap> {
  const wards = await rawRows<{ ward_code: string; name: string | null; level: number; since: string }>(
    db,
    sql`select distinct on (r.ward_code) r.ward_code, a.name, r.level, r.effective_date as since
          from ward_risk_levels r left join admin_units a on a.code = r.ward_code
         where r.effective_date <= ${today}
         order by r.ward_code, r.effective_date desc`,
  );
  const venues = await rawRows<{
    code: string;
    name: string;
    category: string;
    address: string;
    ward_code: string;
    check_date: string | null;
    masks: boolean | null;
    distancing: boolean | null;
    disinfection: boolean | null;
    qr_displayed: boolean | null;
    reports: number;
  }>(
    db,
    sql`select v.code, v.name, v.category, v.address, v.ward_code,
               s.check_date, s.masks, s.distancing, s.disinfection, s.qr_displayed,
               (select count(*)::int from venue_reports r
                 where r.venue_id = v.id and r.created_at > ${now.toISOString()}::timestamptz - interval '7 days') as reports
          from venues v
          left join lateral (
            select * from venue_self_checks c where c.venue_id = v.id order by c.check_date desc limit 1
          ) s on true
         where v.status = 'open'
         order by v.ward_code, v.name`,
  );
  return {
    wards: wards.map((row) => ({
      wardCode: row.ward_code,
      name: row.name,
      level: row.level as RiskLevel,
      since: row.since,
    })),
    venues: venues.map((row) => ({
      code: row.code,
      name: row.name,
      category: row.category,
      address: row.address,
      wardCode: row.ward_code,
      selfCheck:
        row.check_date === null
          ? null
          : {
              date: row.check_date,
              masks: row.masks === true,
              distancing: row.distancing === true,
              disinfection: row.disinfection === true,
              qrDisplayed: row.qr_displayed === true,
            },
      reportsLast7Days: Number(row.reports),
    })),
  };
}
