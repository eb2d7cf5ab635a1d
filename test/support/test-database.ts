import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../core/db/database.js';
import { withDatabase } from './database-url.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated PostgreSQL database cloned from this run's template; drop() removes it. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database "${name}" template "${inject('postgresTemplate')}"`);
  const url = withDatabase(adminUrl, name);
  const handle = await openDatabase({ url, dataDir: '.', poolSize: 5 });
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

/** A fresh in-memory PGlite loaded from this run's migrated snapshot. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const snapshot = new Blob([await readFile(inject('pgliteSnapshotPath'))]);
  const handle = await openDatabase({ dataDir: '.', pgliteInMemory: true, pgliteSnapshot: snapshot });
  return { handle, drop: () => handle.close() };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The engines every repository suite runs on: PGlite is the embedded default, PostgreSQL the production one. */
export const BOTH_ENGINES = [
  { engine: 'postgres', create: createPostgresTestDatabase },
  { engine: 'pglite', create: createPgliteTestDatabase },
] as const;

/**
 * A suite's database on one engine, made before its tests and dropped after them. A getter, because the database
 * exists only once the suite has started.
 */
export function suiteDatabase(create: () => Promise<TestDatabase>): () => TestDatabase {
  let testDb: TestDatabase | undefined;
  beforeAll(async () => {
    testDb = await create();
  });
  afterAll(async () => {
    await testDb?.drop();
  });
  return () => {
    if (!testDb) throw new Error('the suite database is made in beforeAll');
    return testDb;
  };
}
