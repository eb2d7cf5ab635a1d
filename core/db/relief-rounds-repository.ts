import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { type ReliefRound, reliefRounds } from './schema.js';

/** The ward's open round, opened on demand so a request is never turned away for want of a round. */
export async function currentRound(db: Database, wardCode: string, defaultName: string): Promise<ReliefRound> {
  const open = await findOpenRound(db, wardCode);
  if (open) return open;
  // The partial unique index allows one open round per ward; a concurrent opener's row is read back.
  const [inserted] = await db
    .insert(reliefRounds)
    .values({ wardCode, name: defaultName })
    .onConflictDoNothing()
    .returning();
  const round = inserted ?? (await findOpenRound(db, wardCode));
  if (!round) throw new Error('relief round vanished between insert and read');
  return round;
}

/** The open round of a ward, if any. */
export async function findOpenRound(db: Database, wardCode: string): Promise<ReliefRound | undefined> {
  const [row] = await db
    .select()
    .from(reliefRounds)
    .where(and(eq(reliefRounds.wardCode, wardCode), eq(reliefRounds.status, 'open')));
  return row;
}

/** Opens a named round; undefined when the ward already has an open one (close it first). */
export async function openRound(db: Database, wardCode: string, name: string): Promise<ReliefRound | undefined> {
  const [row] = await db.insert(reliefRounds).values({ wardCode, name }).onConflictDoNothing().returning();
  return row;
}

/** Closes an open round of the ward; undefined when there is no such open round. */
export async function closeRound(db: Database, wardCode: string, id: string): Promise<ReliefRound | undefined> {
  const [row] = await db
    .update(reliefRounds)
    .set({ status: 'closed', closedAt: sql`now()` })
    .where(and(eq(reliefRounds.id, id), eq(reliefRounds.wardCode, wardCode), eq(reliefRounds.status, 'open')))
    .returning();
  return row;
}

/** A round of this ward (a round of another ward is not found). */
export async function findRound(db: Database, wardCode: string, id: string): Promise<ReliefRound | undefined> {
  const [row] = await db
    .select()
    .from(reliefRounds)
    .where(and(eq(reliefRounds.id, id), eq(reliefRounds.wardCode, wardCode)));
  return row;
}

/** The ward's rounds, newest first. */
export async function listRounds(db: Database, wardCode: string): Promise<ReliefRound[]> {
  return db.select().from(reliefRounds).where(eq(reliefRounds.wardCode, wardCode)).orderBy(desc(reliefRounds.openedAt));
}
