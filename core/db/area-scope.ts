import { type AnyColumn, and, eq, isNotNull, notInArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { adminUnits, campaigns, cases, reliefRounds, vaccinationSites, vaccinationSlots, venues } from './schema.js';

/**
 * The administrative units a staff member's queries are cut to: undefined for an admin (everything), otherwise
 * province, district or ward codes (an empty list sees nothing).
 */
export type AreaScope = readonly string[] | undefined;

/** The codes of the wards under any of `areas` (a ward itself, a district's wards, a province's), as a subquery. */
export function wardsUnder(areas: readonly string[]): SQL {
  if (areas.length === 0) return sql`(select null::text where false)`;
  const list = sql.join(
    areas.map((code) => sql`${code}`),
    sql`, `,
  );
  return sql`(select w.code from ${adminUnits} w join ${adminUnits} d on d.code = w.parent_code
    where w.level = 'ward' and (w.code in (${list}) or d.code in (${list}) or d.parent_code in (${list})))`;
}

/** A where-condition keeping rows whose ward lies in the scope; none for an admin. */
export function wardInScope(ward: AnyColumn | SQL, scope: AreaScope): SQL | undefined {
  return scope === undefined ? undefined : sql`${ward} in ${wardsUnder(scope)}`;
}

/**
 * A where-condition keeping the campaigns a scope may see: every ward of the audience inside it. A campaign bound to
 * no area (everyone, an admin's phone list) is seen by admins only.
 */
export function campaignInScope(scope: AreaScope): SQL | undefined {
  if (scope === undefined) return undefined;
  return and(isNotNull(campaigns.wardCodes), sql`${campaigns.wardCodes} <@ array${wardsUnder(scope)}`);
}

/** Whether the areas take in every province the deployment knows (so "everyone" stays inside them). */
export async function coversEveryProvince(db: Database, areas: readonly string[]): Promise<boolean> {
  const [outside] = await db
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, 'province'), areas.length ? notInArray(adminUnits.code, [...areas]) : undefined))
    .limit(1);
  return outside === undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function firstWard(query: Promise<{ ward: string | null }[]>): Promise<string | undefined> {
  const [row] = await query;
  return row?.ward ?? undefined;
}

/**
 * The ward a campaign cohort lies in (the case's, the vaccination site's, the relief round's, the monitored ward),
 * or undefined when it names none (monitoring "all", an unknown ref): such an audience is not bound to an area.
 */
export async function cohortWard(db: Database, cohort: string, ref: string): Promise<string | undefined> {
  if (cohort === 'monitoring') return /^\d{5}$/.test(ref) ? ref : undefined;
  if (!UUID.test(ref)) return undefined;
  if (cohort === 'exposures') {
    return firstWard(db.select({ ward: cases.wardCode }).from(cases).where(eq(cases.id, ref)));
  }
  if (cohort === 'relief') {
    return firstWard(db.select({ ward: reliefRounds.wardCode }).from(reliefRounds).where(eq(reliefRounds.id, ref)));
  }
  if (cohort === 'vaccination') {
    // The ref is a slot or a site (see vaccinationCohort).
    return firstWard(
      db
        .selectDistinct({ ward: vaccinationSites.wardCode })
        .from(vaccinationSites)
        .leftJoin(vaccinationSlots, eq(vaccinationSlots.siteId, vaccinationSites.id))
        .where(sql`${vaccinationSites.id} = ${ref} or ${vaccinationSlots.id} = ${ref}`)
        .limit(1),
    );
  }
  return undefined;
}

/** A where-condition keeping the venues a venue owner's account was given. */
export function ownedBy(accountId: string): SQL {
  return eq(venues.ownerAccountId, accountId);
}
