import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { analyzeDeliveriesIfStale } from '../core/db/planner-statistics.js';
import { rawRows } from '../core/db/raw-rows.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { BOTH_ENGINES, createPostgresTestDatabase, suiteDatabase } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';

/** Phones +8498762xxxx from `from`, `count` of them. */
const phones = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `+8498762${String(from + i).padStart(4, '0')}`);

describe.each(BOTH_ENGINES)('statistics on deliveries for the first blast, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('analyzes deliveries once a first campaign has some, and not for a few more', async () => {
    expect(await reltuples(db())).toBeLessThan(0);
    await queuedCampaign(db(), phones(1, 3));
    await analyzeDeliveriesIfStale(db());
    expect(await reltuples(db())).toBe(3);
    await queuedCampaign(db(), phones(4, 2));
    await analyzeDeliveriesIfStale(db());
    // Below a thousand changes the planner's plans do not turn; autovacuum catches up later.
    expect(await reltuples(db())).toBe(3);
  });
});

describe('statistics on deliveries after a small campaign, on PostgreSQL', () => {
  const testDb = suiteDatabase(createPostgresTestDatabase);
  const db = () => testDb().handle.db;

  it('analyzes deliveries again once the table has more than doubled since', async () => {
    await queuedCampaign(db(), phones(1, 3));
    await analyzeDeliveriesIfStale(db());
    expect(await reltuples(db())).toBe(3);
    // Twelve campaigns of a hundred (a fixture campaign plans one page).
    for (let campaign = 0; campaign < 12; campaign += 1) await queuedCampaign(db(), phones(100 + campaign * 100, 100));
    // The server counts changes a moment after their transactions end.
    await waitFor('the changes counted', async () => (await modifiedSinceAnalyze(db())) >= 1_200, 15_000);
    await analyzeDeliveriesIfStale(db());
    expect(await reltuples(db())).toBe(1_203);
  });
});

/** The planner's idea of how many deliveries there are: below 0 when the table was never analyzed. */
async function reltuples(db: Parameters<typeof rawRows>[0]): Promise<number> {
  const rows = await rawRows<{ n: number }>(
    db,
    sql`select reltuples as n from pg_class where oid = 'deliveries'::regclass`,
  );
  return Number(rows[0]?.n);
}

async function modifiedSinceAnalyze(db: Parameters<typeof rawRows>[0]): Promise<number> {
  const rows = await rawRows<{ n: number }>(
    db,
    sql`select n_mod_since_analyze::int as n from pg_stat_user_tables where relname = 'deliveries'`,
  );
  return Number(rows[0]?.n ?? 0);
}
