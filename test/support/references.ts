import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db/database.js';
import { rawRows } from '../../core/db/raw-rows.js';
import { people } from '../../core/db/schema.js';
import { sqlState } from '../../core/db/sql-state.js';
import { waitFor } from './wait-for.js';

// For the foreign keys kept by triggers (migrations 0019, 0021): what a statement failed with, and two transactions
// at once, as a foreign key's promises are tested.

/** The SQLSTATE and constraint a statement failed with, or undefined when it succeeded. */
export async function failure(statement: Promise<unknown>) {
  try {
    await statement;
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { constraint?: string } }).cause;
    return { state: sqlState(error), constraint: cause?.constraint ?? (error as { constraint?: string }).constraint };
  }
}

/** The failure of a statement refused by this foreign key. */
export const foreignKey = (constraint: string) => ({ state: '23503', constraint });

/** Runs `work` in a transaction that stays open until the returned `commit` is called. */
export function openTransaction(db: Database, work: (tx: Database) => Promise<unknown>) {
  let commit = () => {};
  const held = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let worked = () => {};
  const done = new Promise<void>((resolve) => {
    worked = resolve;
  });
  const transaction = db.transaction(async (tx) => {
    await work(tx);
    worked();
    await held;
  });
  return { done, commit, transaction };
}

/** Resolves once a statement of this database waits for a lock another transaction holds. */
export const waitingForLock = (db: Database) =>
  waitFor('a statement waiting for a lock', async () => {
    const rows = await rawRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
    );
    return (rows[0]?.n ?? 0) > 0;
  });

/** A person with nothing else yet, for rows naming them to be stored by hand. */
export async function newPerson(db: Database, phone: string): Promise<string> {
  const [person] = await db.insert(people).values({ phone }).returning({ id: people.id });
  if (!person) throw new Error('insert into people returned no row');
  return person.id;
}
