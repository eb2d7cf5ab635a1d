import { eq, sql } from 'drizzle-orm';
import type { Locale } from '../config/env.js';
import type { Database } from './database.js';
import { type Person, people } from './schema.js';

/** The person with this id, if any. */
export async function findPersonById(db: Database, id: string): Promise<Person | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** The person known by this E.164 phone, if any. */
export async function findPersonByPhone(db: Database, phone: string): Promise<Person | undefined> {
  const [row] = await db.select().from(people).where(eq(people.phone, phone));
  return row;
}

/** Stores the language a person reads; every later message uses it. */
export async function setPersonLocale(db: Database, id: string, locale: Locale): Promise<void> {
  await db.update(people).set({ locale, updatedAt: sql`now()` }).where(eq(people.id, id));
}

/** The person owning this E.164 phone, created when nobody has it yet (staff registering someone by phone). */
export async function findOrCreatePersonByPhone(db: Database, phone: string): Promise<Person> {
  await db.insert(people).values({ phone }).onConflictDoNothing({ target: people.phone });
  const person = await findPersonByPhone(db, phone);
  if (!person) throw new Error('person vanished after a conflicting insert');
  return person;
}
