import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './database.js';

/** Runs raw SQL and returns its rows; node-postgres and PGlite both answer `{ rows }`. */
export async function rawRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as { rows?: Row[] };
  return result.rows ?? [];
}

// Renders SQL to text and parameters as `db.execute` does (no casing option is set on our databases).
const dialect = new PgDialect();

/**
 * The same for a statement run thousands of times a blast (a batch's load, a flush of its sends): on node-postgres it
 * runs as a named prepared statement, so each connection has it parsed and planned once instead of on every call —
 * PostgreSQL's CPU a sent message fell by about a tenth (pg_stat_statements in bench/blast: the two statements'
 * planning 590 → 100 ms, their execution 7.0 → 5.5 s for 100,000). PGlite runs it as before (it ignores the name).
 * The name comes from the text, because node-postgres refuses a name already prepared for another text: a statement
 * must keep one text whatever its values (every value a parameter), or each text becomes one more statement kept on
 * every connection.
 */
export async function preparedRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const built = dialect.sqlToQuery(query);
  const name = `s_${createHash('sha1').update(built.sql).digest('hex').slice(0, 20)}`;
  const result = (await db._.session.prepareQuery(built, undefined, name, false).execute()) as { rows?: Row[] };
  return result.rows ?? [];
}
