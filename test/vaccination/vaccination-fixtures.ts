import { randomBytes } from 'node:crypto';
import type { Database } from '../../core/db/database.js';
import { people } from '../../core/db/schema.js';
import { createSite, createSlot } from '../../core/db/vaccination-sites-repository.js';

/** A site with one slot of `capacity` places starting `hoursAhead` after `now`. */
export async function siteWithSlot(
  db: Database,
  options: { now: Date; capacity: number; hoursAhead?: number; wardCode?: string; vaccine?: string },
) {
  const code = `S-${randomBytes(3).toString('hex')}`;
  const site = await createSite(db, {
    code,
    name: `Tram y te ${code}`,
    address: '1 Le Loi',
    wardCode: options.wardCode ?? '26734',
    contactName: 'BS Lan',
    contactPhone: '+84987000111',
  });
  if (!site) throw new Error('site code taken');
  const startsAt = new Date(options.now.getTime() + (options.hoursAhead ?? 48) * 3_600_000);
  const slot = await createSlot(db, {
    siteId: site.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
    vaccine: options.vaccine ?? 'AstraZeneca',
    capacity: options.capacity,
  });
  return { site, slot };
}

/** `count` people who will register (each with their own phone). */
export async function registrants(db: Database, count: number): Promise<string[]> {
  const rows = await db
    .insert(people)
    .values(
      Array.from({ length: count }, () => ({
        phone: `+8498${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: people.id });
  return rows.map((row) => row.id);
}
