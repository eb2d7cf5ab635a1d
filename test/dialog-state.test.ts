import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage, StateConflictError } from '../core/dialogs/postgres-storage.js';
import { BOTH_ENGINES, type TestDatabase } from './support/test-database.js';

describe.each(BOTH_ENGINES)('botbuilder Storage on $engine', ({ create }) => {
  let testDb: TestDatabase;
  let storage: PostgresStorage;
  beforeAll(async () => {
    testDb = await create();
    storage = new PostgresStorage(testDb.handle.db);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('round-trips a document with an eTag', async () => {
    await storage.write({ 'web/conversations/a': { dialogState: { step: 'x' } } });
    const items = await storage.read(['web/conversations/a', 'missing']);
    expect(items['web/conversations/a']).toEqual({ dialogState: { step: 'x' }, eTag: '1' });
    expect(items.missing).toBeUndefined();
  });

  it('lets only one of two writers holding the same eTag win', async () => {
    await storage.write({ doc: { n: 0 } });
    const { doc } = await storage.read(['doc']);
    const results = await Promise.allSettled([
      storage.write({ doc: { n: 1, eTag: doc?.eTag } }),
      storage.write({ doc: { n: 2, eTag: doc?.eTag } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(StateConflictError);
  });

  it('refuses a stale or forged eTag and accepts "*"', async () => {
    await storage.write({ other: { v: 1 } });
    await expect(storage.write({ other: { v: 2, eTag: '999' } })).rejects.toBeInstanceOf(StateConflictError);
    await expect(storage.write({ other: { v: 2, eTag: 'not-a-version' } })).rejects.toBeInstanceOf(StateConflictError);
    await storage.write({ other: { v: 3, eTag: '*' } });
    expect((await storage.read(['other'])).other).toMatchObject({ v: 3 });
  });

  it('lets only the first of two new conversations create the document', async () => {
    await storage.write({ fresh: { by: 'first' } });
    await expect(storage.write({ fresh: { by: 'second' } })).rejects.toBeInstanceOf(StateConflictError);
    await storage.delete(['fresh']);
    expect(await storage.read(['fresh'])).toEqual({});
  });
});
