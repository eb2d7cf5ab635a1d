import type { SQL } from 'drizzle-orm';
import type { Database } from './database.js';

/** Runs raw SQL and returns its rows; node-postgres and PGlite both answer `{ rows }`. */
export async function rawRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as { rows?: Row[] };
  return result.rows ?? [];
}
