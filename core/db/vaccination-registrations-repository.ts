import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { slotWindow } from '../domain/vaccination-format.js';
import { type AreaScope, wardInScope } from './area-scope.js';
import type { Database } from './database.js';
import {
  type RegistrationStatus,
  type VaccinationRegistration,
  type VaccinationSite,
  type VaccinationSlot,
  vaccinationFollowups,
  vaccinationRegistrations,
  vaccinationSites,
  vaccinationSlots,
} from './schema.js';

export interface RegistrationFilter {
  /** The areas whose sites' registrations are read (undefined: all). */
  scope: AreaScope;
  siteId?: string | undefined;
  slotId?: string | undefined;
  /** The slot's calendar day in Vietnam, YYYY-MM-DD. */
  date?: string | undefined;
  priorityGroup?: string | undefined;
  status?: RegistrationStatus | undefined;
  /** The keyed hash of an ID number: a person is found without the number being stored or compared in clear. */
  idHash?: string | undefined;
}

export interface RegistrationRow {
  registration: VaccinationRegistration;
  slot: VaccinationSlot;
  site: VaccinationSite;
}

/** A page of registrations matching the filter, by id after `afterId` (keyset paging for lists and CSV export). */
export async function listRegistrations(
  db: Database,
  filter: RegistrationFilter,
  page: { afterId?: string | undefined; limit: number },
): Promise<RegistrationRow[]> {
  const conditions: (SQL | undefined)[] = [wardInScope(vaccinationSites.wardCode, filter.scope)];
  if (filter.siteId) conditions.push(eq(vaccinationSlots.siteId, filter.siteId));
  if (filter.slotId) conditions.push(eq(vaccinationRegistrations.slotId, filter.slotId));
  if (filter.date) {
    conditions.push(sql`(${vaccinationSlots.startsAt} at time zone 'Asia/Ho_Chi_Minh')::date = ${filter.date}::date`);
  }
  if (filter.priorityGroup) conditions.push(eq(vaccinationRegistrations.priorityGroup, filter.priorityGroup));
  if (filter.status) conditions.push(eq(vaccinationRegistrations.status, filter.status));
  if (filter.idHash) conditions.push(eq(vaccinationRegistrations.idHash, filter.idHash));
  if (page.afterId) conditions.push(gt(vaccinationRegistrations.id, page.afterId));
  return db
    .select({ registration: vaccinationRegistrations, slot: vaccinationSlots, site: vaccinationSites })
    .from(vaccinationRegistrations)
    .innerJoin(vaccinationSlots, eq(vaccinationSlots.id, vaccinationRegistrations.slotId))
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where(and(...conditions))
    .orderBy(asc(vaccinationRegistrations.id))
    .limit(page.limit);
}

/** One registration with its slot and site. */
export async function findRegistration(
  db: Database,
  where: { id: string } | { code: string },
): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select({ registration: vaccinationRegistrations, slot: vaccinationSlots, site: vaccinationSites })
    .from(vaccinationRegistrations)
    .innerJoin(vaccinationSlots, eq(vaccinationSlots.id, vaccinationRegistrations.slotId))
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where('id' in where ? eq(vaccinationRegistrations.id, where.id) : eq(vaccinationRegistrations.code, where.code));
  return row;
}

/** The registrant's live bookings, soonest first (what "huy lich" / "doi lich" act on). */
export async function listLiveRegistrationsOf(db: Database, registrantPersonId: string): Promise<RegistrationRow[]> {
  return db
    .select({ registration: vaccinationRegistrations, slot: vaccinationSlots, site: vaccinationSites })
    .from(vaccinationRegistrations)
    .innerJoin(vaccinationSlots, eq(vaccinationSlots.id, vaccinationRegistrations.slotId))
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where(
      and(
        eq(vaccinationRegistrations.registrantPersonId, registrantPersonId),
        eq(vaccinationRegistrations.status, 'booked'),
      ),
    )
    .orderBy(asc(vaccinationSlots.startsAt));
}

/**
 * Staff close a booking after the day: done (the shot was given) or no-show; undefined when it was not booked or
 * is at a site outside the scope.
 */
export async function closeRegistration(
  db: Database,
  where: { id: string } | { code: string },
  to: 'done' | 'no_show',
  now: Date,
  scope: AreaScope,
): Promise<VaccinationRegistration | undefined> {
  const atScopeSite =
    scope === undefined
      ? undefined
      : inArray(
          vaccinationRegistrations.slotId,
          db
            .select({ id: vaccinationSlots.id })
            .from(vaccinationSlots)
            .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
            .where(wardInScope(vaccinationSites.wardCode, scope)),
        );
  const [row] = await db
    .update(vaccinationRegistrations)
    .set({ status: to, ...(to === 'done' ? { doneAt: now } : {}), remindersDirty: true, updatedAt: sql`now()` })
    .where(
      and(
        'id' in where ? eq(vaccinationRegistrations.id, where.id) : eq(vaccinationRegistrations.code, where.code),
        inArray(vaccinationRegistrations.status, ['booked']),
        atScopeSite,
      ),
    )
    .returning();
  return row;
}

/** Registrations whose reminders do not yet match their status (the outbox of the reminder sync). */
export async function listReminderChanges(db: Database, limit: number): Promise<RegistrationRow[]> {
  return db
    .select({ registration: vaccinationRegistrations, slot: vaccinationSlots, site: vaccinationSites })
    .from(vaccinationRegistrations)
    .innerJoin(vaccinationSlots, eq(vaccinationSlots.id, vaccinationRegistrations.slotId))
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where(eq(vaccinationRegistrations.remindersDirty, true))
    .limit(limit);
}

/**
 * Marks a registration's reminders as matching `status`. Statuses only move forward (booked → done | cancelled |
 * no-show), so a status that changed meanwhile keeps the flag for the next sync.
 */
export async function markRemindersSynced(db: Database, id: string, status: RegistrationStatus): Promise<void> {
  await db
    .update(vaccinationRegistrations)
    .set({ remindersDirty: false })
    .where(and(eq(vaccinationRegistrations.id, id), eq(vaccinationRegistrations.status, status)));
}

/** Stores a follow-up answer once per registration and day; false when that day was already answered. */
export async function recordFollowup(
  db: Database,
  followup: {
    registrationId: string;
    day: number;
    reaction: (typeof vaccinationFollowups.$inferInsert)['reaction'];
    escalated: boolean;
  },
): Promise<boolean> {
  const rows = await db.insert(vaccinationFollowups).values(followup).onConflictDoNothing().returning();
  return rows.length > 0;
}

/**
 * The cohort "vaccination": people who booked a place (for themselves or others) in the slot or at the site `ref`,
 * by person id after `afterPersonId`, with their soonest booking there as message parameters (name, window, site,
 * code) so a campaign can say "your appointment {{window}} at {{site}} is moved".
 */
export async function vaccinationCohort(
  db: Database,
  ref: string,
  afterPersonId: string | null,
  limit: number,
): Promise<{ personId: string; params: Record<string, string> }[]> {
  if (!/^[0-9a-f-]{36}$/i.test(ref)) return [];
  const rows = await db
    .selectDistinctOn([vaccinationRegistrations.registrantPersonId], {
      personId: vaccinationRegistrations.registrantPersonId,
      name: vaccinationRegistrations.fullName,
      code: vaccinationRegistrations.code,
      startsAt: vaccinationSlots.startsAt,
      endsAt: vaccinationSlots.endsAt,
      site: vaccinationSites.name,
    })
    .from(vaccinationRegistrations)
    .innerJoin(vaccinationSlots, eq(vaccinationSlots.id, vaccinationRegistrations.slotId))
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where(
      and(
        eq(vaccinationRegistrations.status, 'booked'),
        sql`(${vaccinationSlots.id} = ${ref} or ${vaccinationSites.id} = ${ref})`,
        afterPersonId ? gt(vaccinationRegistrations.registrantPersonId, afterPersonId) : undefined,
      ),
    )
    .orderBy(asc(vaccinationRegistrations.registrantPersonId), asc(vaccinationSlots.startsAt))
    .limit(limit);
  return rows.map((row) => ({
    personId: row.personId,
    params: { name: row.name, code: row.code, window: slotWindow(row.startsAt, row.endsAt), site: row.site },
  }));
}
