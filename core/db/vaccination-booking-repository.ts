import { randomInt } from 'node:crypto';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import {
  type VaccinationRegistration,
  type VaccinationSlot,
  vaccinationRegistrations,
  vaccinationSites,
  vaccinationSlots,
} from './schema.js';

/** Who is vaccinated and who receives the messages; the ID is already encrypted and hashed by the caller. */
export interface BookingRequest {
  slotId: string;
  registrantPersonId: string;
  forSelf: boolean;
  fullName: string;
  birthYear: number;
  idHash: string;
  idCipher: string;
  priorityGroup: string;
  dose: number;
  previousVaccine?: string | null | undefined;
}

/** The booking a registration was made from (to book the same person elsewhere). */
function bookingOf(registration: VaccinationRegistration): BookingRequest {
  const { slotId, registrantPersonId, forSelf, fullName, birthYear, idHash, idCipher, priorityGroup, dose } =
    registration;
  return {
    slotId,
    registrantPersonId,
    forSelf,
    fullName,
    birthYear,
    idHash,
    idCipher,
    priorityGroup,
    dose,
    previousVaccine: registration.previousVaccine,
  };
}

export type BookingRefusal = 'noSlot' | 'closed' | 'past' | 'full' | 'alreadyRegistered';
export type BookingResult =
  | { ok: true; registration: VaccinationRegistration; slot: VaccinationSlot }
  | { ok: false; reason: BookingRefusal };

// Letters and digits nobody confuses on a phone screen or reads out wrong (no 0/O, 1/I, 2/Z, 5/S, 8/B).
const CODE_ALPHABET = 'ACDEFGHJKLMNPQRTUVWXY34679';
const CODE_LENGTH = 8;

function registrationCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Thrown inside the booking transaction to roll back the place it took. */
class Refused extends Error {
  constructor(readonly reason: BookingRefusal) {
    super(reason);
  }
}

/**
 * Books a place: takes it with one conditional UPDATE (the row lock serialises concurrent bookers and each re-checks
 * `booked < capacity` on the newest row), then stores the registration in the same transaction. A second live
 * registration of the same person and dose hits the partial unique index, and the place goes back with the rollback.
 */
export async function bookSlot(db: Database, request: BookingRequest, now: Date): Promise<BookingResult> {
  try {
    return await db.transaction((tx) => bookInTransaction(tx, request, now));
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** Moves a live registration to another slot atomically: the new place is taken before the old one is let go. */
export async function changeBooking(
  db: Database,
  registrationId: string,
  newSlotId: string,
  now: Date,
): Promise<BookingResult> {
  try {
    return await db.transaction(async (tx) => {
      const old = await releaseRegistration(tx, registrationId, now);
      if (!old) throw new Refused('noSlot');
      return bookInTransaction(tx, { ...bookingOf(old), slotId: newSlotId }, now);
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** Cancels a live registration and frees its place; undefined when it was not booked (already cancelled, done). */
export async function cancelRegistration(
  db: Database,
  registrationId: string,
  now: Date,
): Promise<VaccinationRegistration | undefined> {
  return db.transaction((tx) => releaseRegistration(tx, registrationId, now));
}

async function releaseRegistration(
  tx: Database,
  registrationId: string,
  now: Date,
): Promise<VaccinationRegistration | undefined> {
  const [cancelled] = await tx
    .update(vaccinationRegistrations)
    .set({ status: 'cancelled', cancelledAt: now, remindersDirty: true, updatedAt: sql`now()` })
    .where(and(eq(vaccinationRegistrations.id, registrationId), eq(vaccinationRegistrations.status, 'booked')))
    .returning();
  if (!cancelled) return undefined;
  await tx
    .update(vaccinationSlots)
    .set({ booked: sql`${vaccinationSlots.booked} - 1`, updatedAt: sql`now()` })
    .where(eq(vaccinationSlots.id, cancelled.slotId));
  return cancelled;
}

async function bookInTransaction(tx: Database, request: BookingRequest, now: Date): Promise<BookingResult> {
  const [slot] = await tx
    .update(vaccinationSlots)
    .set({ booked: sql`${vaccinationSlots.booked} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(vaccinationSlots.id, request.slotId),
        eq(vaccinationSlots.status, 'open'),
        gt(vaccinationSlots.startsAt, now),
        lt(vaccinationSlots.booked, vaccinationSlots.capacity),
        inArray(
          vaccinationSlots.siteId,
          tx.select({ id: vaccinationSites.id }).from(vaccinationSites).where(eq(vaccinationSites.status, 'open')),
        ),
      ),
    )
    .returning();
  if (!slot) throw new Refused(await whyNotBookable(tx, request.slotId, now));
  for (let attempt = 0; attempt < 3; attempt++) {
    const [registration] = await tx
      .insert(vaccinationRegistrations)
      .values({ ...request, previousVaccine: request.previousVaccine ?? null, code: registrationCode() })
      .onConflictDoNothing()
      .returning();
    if (registration) return { ok: true, registration, slot };
    if (await hasLiveRegistration(tx, request.idHash, request.dose)) throw new Refused('alreadyRegistered');
    // Otherwise the random code was taken: draw another.
  }
  throw new Error('no free registration code after 3 draws');
}

async function hasLiveRegistration(tx: Database, idHash: string, dose: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: vaccinationRegistrations.id })
    .from(vaccinationRegistrations)
    .where(
      and(
        eq(vaccinationRegistrations.idHash, idHash),
        eq(vaccinationRegistrations.dose, dose),
        inArray(vaccinationRegistrations.status, ['booked', 'done']),
      ),
    );
  return row !== undefined;
}

async function whyNotBookable(tx: Database, slotId: string, now: Date): Promise<BookingRefusal> {
  const [row] = await tx
    .select({ slot: vaccinationSlots, siteStatus: vaccinationSites.status })
    .from(vaccinationSlots)
    .innerJoin(vaccinationSites, eq(vaccinationSites.id, vaccinationSlots.siteId))
    .where(eq(vaccinationSlots.id, slotId));
  if (!row) return 'noSlot';
  if (row.slot.status !== 'open' || row.siteStatus !== 'open') return 'closed';
  if (row.slot.startsAt <= now) return 'past';
  return 'full';
}
