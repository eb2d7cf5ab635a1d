import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../core/db/database.js';
import { applyMigrations } from '../../core/db/migrations-runner.js';
import { withDatabase } from './database-url.js';
import { deleteKeysWithPrefix } from './redis-keys.js';

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
    postgresAdminUrl: string;
    postgresTemplate: string;
    pgliteSnapshotPath: string;
    redisUrl: string;
  }
}

// One run = one template database (migrated once), one migrated PGlite snapshot, one Redis key prefix.
// Test files clone from these; teardown removes everything this run made and nothing else.
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const template = `t_${runId}_template`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  const templateUrl = withDatabase(adminUrl, template);
  const migrated = await openDatabase({ url: templateUrl, dataDir: '.', poolSize: 1 });
  await applyMigrations(migrated);
  await migrated.close();

  const snapshotDir = await mkdtemp(join(tmpdir(), 'epi-pglite-'));
  const pglite = await openDatabase({ dataDir: snapshotDir, pgliteInMemory: true });
  await applyMigrations(pglite);
  const snapshotPath = join(snapshotDir, 'migrated.tar');
  const dump = await (
    pglite.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }
  ).$client.dumpDataDir('none');
  await writeFile(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  project.provide('runId', runId);
  project.provide('postgresAdminUrl', adminUrl);
  project.provide('postgresTemplate', template);
  project.provide('pgliteSnapshotPath', snapshotPath);
  project.provide('redisUrl', redisUrl);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `t\\_${runId}\\_%`,
    ]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    await deleteKeysWithPrefix(redis, `t${runId}`);
    await redis.quit();
    await rm(snapshotDir, { recursive: true, force: true });
  };
}
