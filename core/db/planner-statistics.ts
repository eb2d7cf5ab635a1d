import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';

/**
 * Gives PostgreSQL statistics on deliveries if it has never had any, i.e. during a database's first campaign, once its
 * first page is stored. Without them the planner guesses that hardly any delivery is queued and unlinked, and stored
 * each flush of sends by scanning the (still small) table once for every send in it: 0.2-1.2 s a flush for the first
 * seconds of a blast, with every bind's window full meanwhile (auto_explain in bench/blast). Autovacuum analyzes the
 * table later by itself, but only after a minute or more.
 */
export async function analyzeDeliveriesIfNever(db: Database): Promise<void> {
  const [table] = await rawRows<{ never: boolean }>(
    db,
    sql`select reltuples < 0 as never from pg_class where oid = 'deliveries'::regclass`,
  );
  if (table?.never) await db.execute(sql`analyze deliveries`);
}
