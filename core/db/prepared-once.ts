import type { Database } from './database.js';

/**
 * A drizzle query built once per database and prepared (named) on each of its connections, for statements run for
 * every message: drizzle builds a query anew on every call, and for the one-message path's statements that building
 * cost more Node time than anything else (bench/mo, bench/smpp).
 */
export function preparedOnce<Query>(build: (db: Database) => Query): (db: Database) => Query {
  const built = new WeakMap<Database, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
