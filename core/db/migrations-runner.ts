import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../paths.js';
import type { DatabaseHandle } from './database.js';
import { rawRows } from './raw-rows.js';
import type * as schema from './schema.js';

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function latestMigrationTime(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

/** Applies the committed migrations; several processes may call it at once. */
export async function applyMigrations(handle: DatabaseHandle): Promise<void> {
  await handle.withMigrationLock(async (db) => {
    if (handle.kind === 'postgres') {
      await migrateNodePg(db as NodePgDatabase<typeof schema>, { migrationsFolder });
    } else {
      await migratePglite(db as PgliteDatabase<typeof schema>, { migrationsFolder });
    }
  });
}

/** True when the newest committed migration has been applied (drizzle records each one's journal time). */
export async function migrationsAreCurrent(handle: DatabaseHandle): Promise<boolean> {
  try {
    const [row] = await rawRows<{ latest: string | null }>(
      handle.db,
      sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    const latest = Number(row?.latest ?? 0);
    return latest >= latestMigrationTime();
  } catch {
    return false;
  }
}
