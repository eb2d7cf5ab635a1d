import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { botState } from './schema.js';

export interface StoredState {
  data: Record<string, unknown>;
  version: number;
}

/** What a write expects to find: any version, no row yet, or exactly the version it read. */
export type ExpectedVersion = { kind: 'any' } | { kind: 'absent' } | { kind: 'version'; version: number };

/** Reads state documents by key. */
export async function readStates(db: Database, keys: readonly string[]): Promise<Map<string, StoredState>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(botState)
    .where(inArray(botState.key, [...keys]));
  return new Map(rows.map((row) => [row.key, { data: row.data as Record<string, unknown>, version: row.version }]));
}

/** Writes a state document if the expectation holds; returns the new version, or undefined on a conflict. */
export async function writeState(
  db: Database,
  key: string,
  data: Record<string, unknown>,
  expected: ExpectedVersion,
): Promise<number | undefined> {
  if (expected.kind === 'version') {
    const [row] = await db
      .update(botState)
      .set({ data, version: sql`${botState.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(botState.key, key), eq(botState.version, expected.version)))
      .returning({ version: botState.version });
    return row?.version;
  }
  const insert = db.insert(botState).values({ key, data, version: 1 });
  const [row] =
    expected.kind === 'absent'
      ? await insert.onConflictDoNothing().returning({ version: botState.version })
      : await insert
          .onConflictDoUpdate({
            target: botState.key,
            set: { data, version: sql`${botState.version} + 1`, updatedAt: sql`now()` },
          })
          .returning({ version: botState.version });
  return row?.version;
}

/** Deletes state documents by key. */
export async function deleteStates(db: Database, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.delete(botState).where(inArray(botState.key, [...keys]));
}
