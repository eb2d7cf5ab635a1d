import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/database.js';
import { preparedRows, rawRows } from '../core/db/raw-rows.js';
import { sqlState } from '../core/db/sql-state.js';
import { BOTH_ENGINES, createPostgresTestDatabase, suiteDatabase } from './support/test-database.js';

const doubled = (n: number) => sql`select n * 2 as doubled from unnest(${`{${n},${n + 1}}`}::int[]) as v(n)`;
const negated = (n: number) => sql`select -${n}::int as negated`;

describe.each(BOTH_ENGINES)('a statement run as a prepared one, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('answers each call with its own values, and another statement beside it with its own', async () => {
    expect(await preparedRows(db(), doubled(1))).toEqual([{ doubled: 2 }, { doubled: 4 }]);
    expect(await preparedRows(db(), doubled(10))).toEqual([{ doubled: 20 }, { doubled: 22 }]);
    // A second text under the first one's name is refused by node-postgres ("Prepared statements must be unique").
    expect(await preparedRows(db(), negated(7))).toEqual([{ negated: -7 }]);
    expect(await preparedRows(db(), doubled(0))).toEqual([{ doubled: 0 }, { doubled: 2 }]);
  });

  it('fails as the statement does, and the next call still runs', async () => {
    const failure = await preparedRows(db(), sql`select 1 / ${0}::int as never`).catch((error: unknown) => error);
    expect(sqlState(failure)).toBe('22012'); // division_by_zero
    expect(await preparedRows(db(), negated(3))).toEqual([{ negated: -3 }]);
  });
});

describe('on PostgreSQL, a prepared statement', () => {
  const testDb = suiteDatabase(createPostgresTestDatabase);

  it('is parsed once per connection and reused, one per text', async () => {
    // One connection, so the statements and the look at them share it.
    const handle = await openDatabase({ url: testDb().url, dataDir: '.', poolSize: 1 });
    try {
      for (let n = 0; n < 7; n += 1) await preparedRows(handle.db, doubled(n));
      await preparedRows(handle.db, negated(1));
      const prepared = await rawRows<{ statement: string; calls: number }>(
        handle.db,
        sql`select statement, (generic_plans + custom_plans)::int as calls from pg_prepared_statements order by calls`,
      );
      expect(prepared).toEqual([
        { statement: expect.stringContaining('as negated'), calls: 1 },
        { statement: expect.stringContaining('as doubled'), calls: 7 },
      ]);
    } finally {
      await handle.close();
    }
  });
});
