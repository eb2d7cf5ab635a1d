import { and, asc, eq, gt, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { type AreaScope, wardInScope } from './area-scope.js';
import type { Database } from './database.js';
import {
  adminUnits,
  type VaccinationSite,
  type VaccinationSlot,
  vaccinationRegistrations,
  vaccinationSites,
  vaccinationSlots,
} from './schema.js';

export type NewSite = Pick<
  typeof vaccinationSites.$inferInsert,
  'code' | 'name' | 'address' | 'wardCode' | 'contactName' | 'contactPhone'
>;
export type SiteChanges = Partial<NewSite & Pick<VaccinationSite, 'status'>>;

/** Stores a new site; undefined when its code is taken. */
export async function createSite(db: Database, site: NewSite): Promise<VaccinationSite | undefined> {
  const [row] = await db.insert(vaccinationSites).values(site).onConflictDoNothing().returning();
  return row;
}

/** Creates or updates sites by code in one transaction (the CSV import); returns how many of each. */
export async function upsertSites(
  db: Database,
  sites: readonly NewSite[],
): Promise<{ created: number; updated: number }> {
  if (sites.length === 0) return { created: 0, updated: 0 };
  const rows = await db
    .insert(vaccinationSites)
    .values([...sites])
    .onConflictDoUpdate({
      target: vaccinationSites.code,
      set: {
        name: sql`excluded.name`,
        address: sql`excluded.address`,
        wardCode: sql`excluded.ward_code`,
        contactName: sql`excluded.contact_name`,
        contactPhone: sql`excluded.contact_phone`,
        updatedAt: sql`now()`,
      },
    })
    // xmax is 0 on a freshly inserted row version and set on an updated one.
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const created = rows.filter((row) => row.inserted).length;
  return { created, updated: rows.length - created };
}

export async function updateSite(db: Database, id: string, changes: SiteChanges): Promise<VaccinationSite | undefined> {
  const [row] = await db
    .update(vaccinationSites)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(vaccinationSites.id, id))
    .returning();
  return row;
}

export async function findSite(db: Database, id: string): Promise<VaccinationSite | undefined> {
  const [row] = await db.select().from(vaccinationSites).where(eq(vaccinationSites.id, id));
  return row;
}

/** Sites of the scope, optionally of one ward. */
export async function listSites(
  db: Database,
  filter: { scope: AreaScope; wardCode?: string | undefined },
): Promise<VaccinationSite[]> {
  return db
    .select()
    .from(vaccinationSites)
    .where(
      and(
        wardInScope(vaccinationSites.wardCode, filter.scope),
        filter.wardCode ? eq(vaccinationSites.wardCode, filter.wardCode) : undefined,
      ),
    )
    .orderBy(asc(vaccinationSites.code));
}

/** The stored sites with these codes (what an import would update), whatever their ward. */
export async function listSitesByCode(db: Database, codes: readonly string[]): Promise<VaccinationSite[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(vaccinationSites)
    .where(inArray(vaccinationSites.code, [...codes]));
}

export type NewSlot = Pick<
  typeof vaccinationSlots.$inferInsert,
  'siteId' | 'startsAt' | 'endsAt' | 'vaccine' | 'capacity'
>;
export type SlotChanges = Partial<Omit<NewSlot, 'siteId'> & Pick<VaccinationSlot, 'status'>>;

export async function createSlot(db: Database, slot: NewSlot): Promise<VaccinationSlot> {
  const [row] = await db.insert(vaccinationSlots).values(slot).returning();
  if (!row) throw new Error('insert into vaccination_slots returned no row');
  return row;
}

export type SlotUpdate = { ok: true; slot: VaccinationSlot } | { ok: false; reason: 'notFound' | 'belowBooked' };

/** Changes a slot; a capacity below the places already booked is refused (the check constraint backs this up). */
export async function updateSlot(db: Database, id: string, changes: SlotChanges): Promise<SlotUpdate> {
  const conditions: SQL[] = [eq(vaccinationSlots.id, id)];
  if (changes.capacity !== undefined) conditions.push(gte(sql`${changes.capacity}`, vaccinationSlots.booked));
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(vaccinationSlots)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(...conditions))
      .returning();
    // A moved slot moves its bookings' reminders (the reminder sync re-plans them).
    if (updated && (changes.startsAt || changes.endsAt)) {
      await tx
        .update(vaccinationRegistrations)
        .set({ remindersDirty: true })
        .where(and(eq(vaccinationRegistrations.slotId, id), eq(vaccinationRegistrations.status, 'booked')));
    }
    return updated;
  });
  if (row) return { ok: true, slot: row };
  return { ok: false, reason: (await findSlot(db, id)) ? 'belowBooked' : 'notFound' };
}

export async function findSlot(db: Database, id: string): Promise<VaccinationSlot | undefined> {
  const [row] = await db.select().from(vaccinationSlots).where(eq(vaccinationSlots.id, id));
  return row;
}

/** Slots at the scope's sites, optionally of one site and from a time. */
export async function listSlots(
  db: Database,
  filter: { scope: AreaScope; siteId?: string | undefined; from?: Date | undefined },
): Promise<VaccinationSlot[]> {
  const conditions: (SQL | undefined)[] = [wardInScope(vaccinationSites.wardCode, filter.scope)];
  if (filter.siteId) conditions.push(eq(vaccinationSlots.siteId, filter.siteId));
  if (filter.from) conditions.push(gte(vaccinationSlots.startsAt, filter.from));
  const rows = await db
    .select({ slot: vaccinationSlots })
    .from(vaccinationSlots)
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where(and(...conditions))
    .orderBy(asc(vaccinationSlots.startsAt))
    .limit(500);
  return rows.map((row) => row.slot);
}

export interface SiteWithPlaces {
  site: VaccinationSite;
  freePlaces: number;
}

// 0 in the citizen's ward, 1 elsewhere in their district, 2 elsewhere in their province, 3 beyond.
function nearness(wardCode: string): SQL {
  const parentOf = (code: SQL | string) =>
    sql`(select ${adminUnits.parentCode} from ${adminUnits} where ${adminUnits.code} = ${code})`;
  const siteDistrict = parentOf(sql`${vaccinationSites.wardCode}`);
  const citizenDistrict = parentOf(wardCode);
  return sql`case
    when ${vaccinationSites.wardCode} = ${wardCode} then 0
    when ${siteDistrict} = ${citizenDistrict} then 1
    when ${parentOf(siteDistrict)} = ${parentOf(citizenDistrict)} then 2
    else 3 end`;
}

/**
 * Open sites with free places in open slots still ahead, nearest first (the citizen's ward, district, province),
 * then by name; only what could be booked right now.
 */
export async function listSitesWithPlaces(
  db: Database,
  wardCode: string,
  now: Date,
  limit: number,
): Promise<SiteWithPlaces[]> {
  const freePlaces = sql<number>`sum(${vaccinationSlots.capacity} - ${vaccinationSlots.booked})::int`;
  return db
    .select({ site: vaccinationSites, freePlaces })
    .from(vaccinationSites)
    .innerJoin(vaccinationSlots, eq(vaccinationSlots.siteId, vaccinationSites.id))
    .where(
      and(
        eq(vaccinationSites.status, 'open'),
        eq(vaccinationSlots.status, 'open'),
        gt(vaccinationSlots.startsAt, now),
        lt(vaccinationSlots.booked, vaccinationSlots.capacity),
      ),
    )
    .groupBy(vaccinationSites.id)
    .orderBy(nearness(wardCode), asc(vaccinationSites.name))
    .limit(limit);
}

/** A site's open slots with free places still ahead, soonest first. */
export async function listBookableSlots(
  db: Database,
  siteId: string,
  now: Date,
  limit: number,
): Promise<VaccinationSlot[]> {
  return db
    .select()
    .from(vaccinationSlots)
    .where(
      and(
        eq(vaccinationSlots.siteId, siteId),
        eq(vaccinationSlots.status, 'open'),
        gt(vaccinationSlots.startsAt, now),
        lt(vaccinationSlots.booked, vaccinationSlots.capacity),
      ),
    )
    .orderBy(asc(vaccinationSlots.startsAt))
    .limit(limit);
}
