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

/** A list of ids as one parameter, for `x in (…)`. */
export function uuidList(ids: readonly string[]): SQL {
  return sql`select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)`;
}
