import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../core/db/database.js';
import { planFanoutPage } from '../core/db/fanout-repository.js';
import { rawRows } from '../core/db/raw-rows.js';
import type * as schema from '../core/db/schema.js';
import { migrationsFolder } from '../core/paths.js';
import { migrationsUpTo } from './support/migrations-up-to.js';

// A province upgrading mid-campaign: a list uploaded as one row per phone must be planned, every row once, after 0013.
describe('migration 0013: uploaded lists move into chunks', () => {
  let handle: DatabaseHandle;
  let before: string;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: '.', pgliteInMemory: true });
    before = migrationsUpTo(12);
  });
  afterAll(async () => {
    await handle.close();
    rmSync(before, { recursive: true, force: true });
  });

  it('keeps every row, in order, with its values, and the fan-out plans them all', async () => {
    const db = handle.db as PgliteDatabase<typeof schema>;
    await migrate(db, { migrationsFolder: before });
    const [campaign] = await rawRows<{ id: string }>(
      db,
      sql`insert into campaigns (kind, status, title, message, audience, channel_policy, created_by)
          values ('information', 'running', 'old list', '{"text":{"vi":"Thong bao {{ten}}"}}', '{"type":"phones"}',
                  '{sms}', 'test')
          returning id`,
    );
    if (!campaign) throw new Error('no campaign');
    await db.execute(
      sql`insert into campaign_recipients (campaign_id, row_no, phone, params)
          select ${campaign.id}::uuid, g, '+8498742' || lpad(g::text, 4, '0'), jsonb_build_object('ten', g::text)
          from generate_series(1, 2500) g`,
    );
    await migrate(db, { migrationsFolder });
    const chunks = await rawRows<{ first_row: number; rows: number; head: { phone: string; params: unknown } }>(
      db,
      sql`select first_row, jsonb_array_length(recipients) as rows, recipients->0 as head
          from campaign_recipient_chunks where campaign_id = ${campaign.id} order by first_row`,
    );
    expect(chunks).toEqual([
      { first_row: 1, rows: 2000, head: { phone: '+84987420001', params: { ten: '1' } } },
      { first_row: 2001, rows: 500, head: { phone: '+84987422001', params: { ten: '2001' } } },
    ]);
    // Pages that straddle the chunks' edges, as a fan-out with another page size reads them.
    const planned = new Set<string>();
    for (;;) {
      const page = await planFanoutPage(handle.db, campaign.id, 700, (_campaign, members) =>
        members.map((member) => ({
          kind: 'send' as const,
          channel: 'sms',
          externalId: member.reach.phone ?? '',
          text: `Thong bao ${member.params?.ten}`,
        })),
      );
      for (const { plan } of page.queued) planned.add(`${plan.externalId} ${plan.text}`);
      if (page.done) break;
    }
    expect(planned.size).toBe(2500);
    expect(planned.has('+84987420700 Thong bao 700')).toBe(true);
    expect(planned.has('+84987422500 Thong bao 2500')).toBe(true);
  });
});
