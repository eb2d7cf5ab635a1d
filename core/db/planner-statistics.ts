import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';

/**
 * Gives PostgreSQL statistics on deliveries when it has none, or when the table has more than doubled since they were
 * taken; called after each planned page. Without any the planner guesses that hardly any delivery is queued and
 * unlinked, and stored each flush of sends by scanning the (still small) table once for every send in it: 0.2-1.2 s a
 * flush for the first seconds of a blast (auto_explain in bench/blast). Statistics taken when the table was small
 * (a first campaign of 2,000) did the same to the next, larger one: the sends' connections kept a plan with a scan of
 * deliveries for each flush, 134 ms apiece, 850 SMS/s (pg_stat_statements, bench/blast with a 2,000 warm-up). An
 * ANALYZE makes them plan again. Autovacuum analyzes the table by itself, but only after a minute or more.
 */
export async function analyzeDeliveriesIfStale(db: Database): Promise<void> {
  const [table] = await rawRows<{ stale: boolean }>(
    db,
    sql`select c.reltuples < 0 or coalesce(s.n_mod_since_analyze, 0) > greatest(c.reltuples, 1000) as stale
        from pg_class c left join pg_stat_user_tables s on s.relid = c.oid
        where c.oid = 'deliveries'::regclass`,
  );
  if (table?.stale) await db.execute(sql`analyze deliveries`);
}
