import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { analyzeDeliveriesIfNever } from '../core/db/planner-statistics.js';
import { rawRows } from '../core/db/raw-rows.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

describe.each(BOTH_ENGINES)('statistics on deliveries for the first blast, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  /** The planner's idea of how many deliveries there are: below 0 when the table was never analyzed. */
  const reltuples = async () =>
    Number(
      (
        await rawRows<{ n: number }>(db(), sql`select reltuples as n from pg_class where oid = 'deliveries'::regclass`)
      )[0]?.n,
    );

  it('analyzes deliveries once a first campaign has some, and never again', async () => {
    expect(await reltuples()).toBeLessThan(0);
    await queuedCampaign(db(), ['+84987620001', '+84987620002', '+84987620003']);
    await analyzeDeliveriesIfNever(db());
    expect(await reltuples()).toBe(3);
    await queuedCampaign(db(), ['+84987620004', '+84987620005']);
    await analyzeDeliveriesIfNever(db());
    // Left to autovacuum from now on: the first statistics were what the planner lacked.
    expect(await reltuples()).toBe(3);
  });
});
