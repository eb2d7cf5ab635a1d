import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

/** The Drizzle database (or an open transaction on it): both drivers share this type and the schema. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` while holding the migration lock (a session advisory lock on PostgreSQL; PGlite has one connection). */
  withMigrationLock<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite under `dataDir` is used. */
  url?: string | undefined;
  dataDir: string;
  /** A PGlite data dir dump to start from (tests load a migrated copy instead of migrating each time). */
  pgliteSnapshot?: Blob;
  /** Keep PGlite in memory (tests); otherwise it persists under `<dataDir>/pglite`. */
  pgliteInMemory?: boolean;
  poolSize?: number;
}

const MIGRATION_LOCK_ID = 727_2021;

/** Opens PostgreSQL when a URL is given, else the embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options);
}

function openPostgres(url: string, max: number): DatabaseHandle {
  // JIT off: the planner's cost of a page of the fan-out, on the statistics of tables a blast has just filled, passed
  // jit_above_cost, and compiling then took 150-270 ms of a 10 ms statement (auto_explain in bench/blast). Our
  // statements are short index lookups and writes, which JIT never pays back.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: 'epidemic-messaging',
    options: '-c jit=off',
  });
  // An idle client dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzleNodePg(pool, { schema });
  return {
    db,
    kind: 'postgres',
    async withMigrationLock(fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        return await fn(drizzleNodePg(client, { schema }));
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  let dataDir: string | undefined;
  if (!options.pgliteInMemory) {
    dataDir = join(resolve(options.dataDir), 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir, options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {});
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    withMigrationLock: (fn) => fn(db),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.close();
    },
  };
}
