import { type SQL, sql } from 'drizzle-orm';

/**
 * Many rows as one query parameter: a JSON array the server unpacks with `jsonb_to_recordset`. A VALUES list with a
 * parameter per cell costs drizzle O(rows × columns) to build, and for the fan-out's pages of thousands of rows that
 * building was the largest CPU cost of a blast; one string costs a JSON.stringify.
 * `columns` declares the record's typed columns, e.g. sql`id uuid, channel text`.
 */
export function jsonRecords(rows: readonly object[], columns: SQL): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(${columns})`;
}

/**
 * Ids as rows `x(id)` to drive lookups from: `from ${idRows(ids)} cross join lateral (… where t.id = x.id limit 1)`.
 * Not `in (a set)` nor `= any(array)`: with the statistics of tables a blast has just filled, the planner took either
 * for a small filter on a sequential scan — a semi join rescanning the set for every row, up to a second for a batch
 * of 50 (auto_explain in bench/blast). The `limit 1` keeps the lateral subquery from being flattened into a join the
 * planner may reorder, so each id is one lookup whatever the statistics say.
 */
export function idRows(ids: readonly string[]): SQL {
  return sql`unnest(${uuidArray(ids)}) as x(id)`;
}

/** Ids as one `uuid[]` parameter (a filter such as `<> all(…)` on rows found otherwise). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * Strings as one `text[]` parameter; with `uuidArray` and `intArray`, the columns of `unnest(a, b, …)` for the
 * statements a blast runs per person, where a JSON record repeats its keys in every row: keys and repeated wording were
 * half of what a blast's worker wrote to PostgreSQL, all parsed as JSON before a row was read (bench/blast).
 */
export function textArray(values: readonly (string | null)[]): SQL {
  return sql`${`{${values.map(arrayElement).join(',')}}`}::text[]`;
}

/** Whole numbers as one `int[]` parameter (see textArray). */
export function intArray(values: readonly number[]): SQL {
  return sql`${`{${values.map((value) => Math.trunc(value)).join(',')}}`}::int[]`;
}

/** An element of an array literal: quoted, so commas, braces and spaces are data; quotes and backslashes escaped. */
const arrayElement = (value: string | null) => (value === null ? 'NULL' : `"${value.replace(/["\\]/g, '\\$&')}"`);
