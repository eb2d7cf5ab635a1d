import { and, asc, count, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { householdMembers, type Person, people } from './schema.js';

/** How many people one person may declare for besides themselves. */
export const MAX_HOUSEHOLD_MEMBERS = 10;

export class HouseholdFullError extends Error {
  readonly code = 'HOUSEHOLD_FULL';
}

/** The people a person declares for, in the order they were added. */
export async function listHouseholdMembers(db: Database, managerId: string): Promise<Person[]> {
  const rows = await db
    .select({ person: people })
    .from(householdMembers)
    .innerJoin(people, eq(people.id, householdMembers.memberId))
    .where(eq(householdMembers.managerId, managerId))
    .orderBy(asc(householdMembers.createdAt), asc(people.id));
  return rows.map((row) => row.person);
}

/** True when `memberId` is one of the manager's household (so declaring for them is allowed). */
export async function isHouseholdMember(db: Database, managerId: string, memberId: string): Promise<boolean> {
  const [row] = await db
    .select({ memberId: householdMembers.memberId })
    .from(householdMembers)
    .where(and(eq(householdMembers.managerId, managerId), eq(householdMembers.memberId, memberId)));
  return row !== undefined;
}

/** Creates a person for a new household member; throws HouseholdFullError past the limit. */
export async function addHouseholdMember(
  db: Database,
  managerId: string,
  member: { fullName: string; birthYear: number; locale: string },
): Promise<Person> {
  // Lock the manager so two members added at once cannot both squeeze under the limit.
  await db.select({ id: people.id }).from(people).where(eq(people.id, managerId)).for('update');
  const [counted] = await db
    .select({ n: count() })
    .from(householdMembers)
    .where(eq(householdMembers.managerId, managerId));
  if ((counted?.n ?? 0) >= MAX_HOUSEHOLD_MEMBERS) throw new HouseholdFullError('household already has 10 members');
  const [person] = await db.insert(people).values(member).returning();
  if (!person) throw new Error('insert into people returned no row');
  await db.insert(householdMembers).values({ managerId, memberId: person.id });
  return person;
}
