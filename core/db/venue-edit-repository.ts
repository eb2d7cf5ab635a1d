import { eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { type Venue, venues } from './schema.js';

/** What staff may change of a venue after registering it (its code and status have their own ways). */
export type VenueDetails = Partial<
  Pick<typeof venues.$inferInsert, 'name' | 'category' | 'address' | 'wardCode' | 'ownerPhone' | 'ownerPersonId'>
>;

/** Changes a venue's details; undefined when there is no such venue. */
export async function updateVenueDetails(db: Database, id: string, details: VenueDetails): Promise<Venue | undefined> {
  const [row] = await db
    .update(venues)
    .set({ ...details, updatedAt: sql`now()` })
    .where(eq(venues.id, id))
    .returning();
  return row;
}
