import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { addressKey } from '../domain/address-key.js';
import { findWard } from './admin-units-repository.js';
import type { Database } from './database.js';
import { type ReliefHousehold, reliefDuplicateReviews, reliefHouseholds } from './schema.js';

export interface HouseholdInput {
  wardCode: string;
  /** E.164, already normalised; absent on some imported lists. */
  phone?: string | undefined;
  headName: string;
  address: string;
  size: number;
  over60?: number;
  under6?: number;
  disabled?: number;
  pregnant?: number;
  listed?: boolean;
}

export interface ResolvedHousehold {
  household: ReliefHousehold;
  /** Another household of the ward at the same address with another phone: sent to the review list. */
  suspectedOf?: ReliefHousehold;
}

/**
 * Finds the household this input describes, or creates it. The phone identifies a household; the address key
 * identifies it when there is no phone. Same address with a different phone is NOT merged: the new household is kept
 * and the pair goes to the review list, because two families do share a house number.
 */
export async function resolveHousehold(db: Database, input: HouseholdInput): Promise<ResolvedHousehold> {
  // "…, Trảng Dài, Biên Hòa" at the end of an address repeats the ward the household is already filed under.
  const ward = await findWard(db, input.wardCode);
  const key = addressKey(input.address, ward ? [ward.name, ward.districtName, ward.provinceName] : []);
  const details = {
    headName: input.headName,
    address: input.address,
    addressKey: key,
    size: input.size,
    over60: input.over60 ?? 0,
    under6: input.under6 ?? 0,
    disabled: input.disabled ?? 0,
    pregnant: input.pregnant ?? 0,
  };
  const byPhone = input.phone ? await findByPhone(db, input.wardCode, input.phone) : undefined;
  const sameAddress = await findByAddressKey(db, input.wardCode, key, input.phone);
  // A listed household without a phone that now asks with one is that household: there is no phone to disagree with.
  const adoptable = sameAddress && (sameAddress.phone === null || !input.phone) ? sameAddress : undefined;
  const known = byPhone ?? adoptable;
  if (known) {
    // The latest answers describe the household best (it grew, an elder moved in); a listing is never taken back.
    const [updated] = await db
      .update(reliefHouseholds)
      .set({
        ...details,
        phone: known.phone ?? input.phone ?? null,
        listed: known.listed || (input.listed ?? false),
        updatedAt: sql`now()`,
      })
      .where(eq(reliefHouseholds.id, known.id))
      .returning();
    return { household: updated ?? known };
  }
  // Two first requests of one phone at the same moment: the unique (ward, phone) lets one insert win; the other reads it.
  const [inserted] = await db
    .insert(reliefHouseholds)
    .values({ wardCode: input.wardCode, phone: input.phone ?? null, listed: input.listed ?? false, ...details })
    .onConflictDoNothing()
    .returning();
  const household = inserted ?? (input.phone ? await findByPhone(db, input.wardCode, input.phone) : undefined);
  if (!household) throw new Error('relief household vanished between insert and read');
  if (!inserted || !sameAddress) return { household };
  await db
    .insert(reliefDuplicateReviews)
    .values({ wardCode: input.wardCode, householdId: household.id, matchesHouseholdId: sameAddress.id })
    .onConflictDoNothing();
  return { household, suspectedOf: sameAddress };
}

async function findByPhone(db: Database, wardCode: string, phone: string): Promise<ReliefHousehold | undefined> {
  const [row] = await db
    .select()
    .from(reliefHouseholds)
    .where(and(eq(reliefHouseholds.wardCode, wardCode), eq(reliefHouseholds.phone, phone)));
  return row;
}

// The oldest household at this address other than the one with `phone` (empty keys match nothing).
async function findByAddressKey(
  db: Database,
  wardCode: string,
  key: string,
  phone: string | undefined,
): Promise<ReliefHousehold | undefined> {
  if (key === '') return undefined;
  const [row] = await db
    .select()
    .from(reliefHouseholds)
    .where(
      and(
        eq(reliefHouseholds.wardCode, wardCode),
        eq(reliefHouseholds.addressKey, key),
        phone ? or(isNull(reliefHouseholds.phone), ne(reliefHouseholds.phone, phone)) : undefined,
      ),
    )
    .orderBy(reliefHouseholds.createdAt)
    .limit(1);
  return row;
}
