import { and, asc, eq, gte, type SQL, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { type VaccinationSite, type VaccinationSlot, vaccinationSites, vaccinationSlots } from './schema.js';

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

export async function listSites(db: Database, filter: { wardCode?: string | undefined }): Promise<VaccinationSite[]> {
  return db
    .select()
    .from(vaccinationSites)
    .where(filter.wardCode ? eq(vaccinationSites.wardCode, filter.wardCode) : undefined)
    .orderBy(asc(vaccinationSites.code));
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
  const [row] = await db
    .update(vaccinationSlots)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(...conditions))
    .returning();
  if (row) return { ok: true, slot: row };
  return { ok: false, reason: (await findSlot(db, id)) ? 'belowBooked' : 'notFound' };
}

export async function findSlot(db: Database, id: string): Promise<VaccinationSlot | undefined> {
  const [row] = await db.select().from(vaccinationSlots).where(eq(vaccinationSlots.id, id));
  return row;
}

export async function listSlots(
  db: Database,
  filter: { siteId?: string | undefined; from?: Date | undefined },
): Promise<VaccinationSlot[]> {
  const conditions: SQL[] = [];
  if (filter.siteId) conditions.push(eq(vaccinationSlots.siteId, filter.siteId));
  if (filter.from) conditions.push(gte(vaccinationSlots.startsAt, filter.from));
  return db
    .select()
    .from(vaccinationSlots)
    .where(and(...conditions))
    .orderBy(asc(vaccinationSlots.startsAt))
    .limit(500);
}
