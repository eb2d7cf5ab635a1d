import { and, asc, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { randomVenueCode } from '../domain/venue-codes.js';
import type { Database } from './database.js';
import { type Venue, venueSelfChecks, venues } from './schema.js';

export type NewVenue = Pick<typeof venues.$inferInsert, 'name' | 'category' | 'address' | 'wardCode'> & {
  ownerPhone?: string | null;
  ownerPersonId?: string | null;
  ownerAccountId?: string | null;
  status: 'pending' | 'open';
};
export type VenueChanges = Partial<Omit<NewVenue, 'status'>>;

/** Registers a venue under a fresh random code (drawn again on the rare collision with an existing one). */
export async function createVenue(db: Database, input: NewVenue): Promise<Venue> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const [venue] = await db
      .insert(venues)
      .values({ ...input, code: randomVenueCode() })
      .onConflictDoNothing({ target: venues.code })
      .returning();
    if (venue) return venue;
  }
  throw new Error('no free venue code after 20 draws: the code space is nearly full');
}

/** The venue with this id, if any. */
export async function findVenue(db: Database, id: string): Promise<Venue | undefined> {
  const [row] = await db.select().from(venues).where(eq(venues.id, id));
  return row;
}

/** The venue with this public code, if any (whatever its status). */
export async function findVenueByCode(db: Database, code: string): Promise<Venue | undefined> {
  const [row] = await db.select().from(venues).where(eq(venues.code, code));
  return row;
}

/** Moves a venue to `to` when it is in one of `from`; undefined otherwise. */
export async function setVenueStatus(
  db: Database,
  id: string,
  from: readonly Venue['status'][],
  to: Venue['status'],
): Promise<Venue | undefined> {
  const [row] = await db
    .update(venues)
    .set({ status: to, updatedAt: sql`now()`, ...(to === 'closed' ? { closedAt: sql`now()` } : {}) })
    .where(and(eq(venues.id, id), inArray(venues.status, [...from])))
    .returning();
  return row;
}

/** Changes a venue's details (name, address, ward, owner); undefined when there is no such venue. */
export async function updateVenue(db: Database, id: string, changes: VenueChanges): Promise<Venue | undefined> {
  const [row] = await db
    .update(venues)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(venues.id, id))
    .returning();
  return row;
}

/** A page of venues ordered by id (staff listing), cut to `visible` (the caller's areas or own venues). */
export async function listVenues(
  db: Database,
  visible: SQL | undefined,
  after: string | undefined,
  limit: number,
): Promise<Venue[]> {
  return db
    .select()
    .from(venues)
    .where(and(visible, after ? gt(venues.id, after) : undefined))
    .orderBy(asc(venues.id))
    .limit(limit);
}

/** Open venues a person owns (they answer the daily self-check for these). */
export async function listOwnedVenues(db: Database, personId: string): Promise<Venue[]> {
  return db
    .select()
    .from(venues)
    .where(and(eq(venues.ownerPersonId, personId), eq(venues.status, 'open')))
    .orderBy(asc(venues.name));
}

/** Owners of open venues that have no self-check for `today` yet (each owner once). */
export async function listOwnersWithoutSelfCheck(db: Database, today: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ personId: venues.ownerPersonId })
    .from(venues)
    .leftJoin(venueSelfChecks, and(eq(venueSelfChecks.venueId, venues.id), eq(venueSelfChecks.checkDate, today)))
    .where(and(eq(venues.status, 'open'), isNotNull(venues.ownerPersonId), isNull(venueSelfChecks.venueId)));
  return rows.flatMap((row) => (row.personId ? [row.personId] : []));
}
