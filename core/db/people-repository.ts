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
