import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/database.js';
import { rawRows } from '../core/db/raw-rows.js';
import type * as schema from '../core/db/schema.js';
import { channelIdentities, people } from '../core/db/schema.js';
import { migrationsFolder } from '../core/paths.js';
import { migrationsUpTo } from './support/migrations-up-to.js';
import { failure } from './support/references.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

// Migration 0023: identifiers compare as bytes, whatever collation the province's database was created with.
describe.each(BOTH_ENGINES)('phones, addresses and provider ids compare as bytes, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('keeps the identifier columns in the "C" collation', async () => {
    const rows = await rawRows<{ column: string; collation: string | null }>(
      db(),
      sql`select table_name || '.' || column_name as column, collation_name as collation
          from information_schema.columns
          where (table_name, column_name) in (('people', 'phone'), ('channel_identities', 'channel'),
                  ('channel_identities', 'external_id'), ('messages', 'channel'), ('messages', 'provider_message_id'))
          order by 1`,
    );
    expect(rows).toEqual([
      { column: 'channel_identities.channel', collation: 'C' },
      { column: 'channel_identities.external_id', collation: 'C' },
      { column: 'messages.channel', collation: 'C' },
      { column: 'messages.provider_message_id', collation: 'C' },
      { column: 'people.phone', collation: 'C' },
    ]);
  });

  it('still refuses a phone or an address twice, and finds them by their unique indexes', async () => {
    const [person] = await db().insert(people).values({ phone: '+84987001001' }).returning({ id: people.id });
    if (!person) throw new Error('no person');
    expect(await failure(db().insert(people).values({ phone: '+84987001001' }))).toMatchObject({
      state: '23505',
      constraint: 'people_phone_unique',
    });
    await db().insert(channelIdentities).values({ personId: person.id, channel: 'sms', externalId: '+84987001001' });
    expect(
      await failure(
        db().insert(channelIdentities).values({ personId: person.id, channel: 'sms', externalId: '+84987001001' }),
      ),
    ).toMatchObject({ state: '23505', constraint: 'channel_identities_channel_external_id_key' });
    // A parameter (no collation of its own) takes the column's, so the lookups the intake runs use the index.
    await db().execute(sql`set enable_seqscan = off`);
    try {
      const plan = await rawRows<{ 'QUERY PLAN': string }>(
        db(),
        sql`explain select id from ${channelIdentities}
            where channel = ${'sms'} and external_id = ${'+84987001001'}`,
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('channel_identities_channel_external_id_key');
    } finally {
      await db().execute(sql`reset enable_seqscan`);
    }
  });
});

// A province upgrading: its people, identities and messages keep their identifiers, and their keys stay unique.
describe('migration 0023 on a database in use', () => {
  it('keeps every phone, address and provider id, still found by them and still unique', async () => {
    const handle = await openDatabase({ dataDir: '.', pgliteInMemory: true });
    const before = migrationsUpTo(22);
    try {
      const db = handle.db as PgliteDatabase<typeof schema>;
      await migrate(db, { migrationsFolder: before });
      await db.execute(
        sql`with p as (insert into people (phone)
                       select '+8498743' || lpad(g::text, 4, '0') from generate_series(1, 300) g returning id, phone),
            i as (insert into channel_identities (person_id, channel, external_id)
                  select id, 'sms', phone from p returning id, external_id)
            insert into messages (direction, status, channel, identity_id, text, provider_message_id)
            select 'outbound', 'sent', 'sms', id, 'Thong bao', 'vt-' || external_id from i`,
      );
      await migrate(db, { migrationsFolder });
      const [found] = await rawRows<{ people: number; identities: number; messages: number }>(
        db,
        sql`select (select count(*)::int from people where phone = '+84987430150') as people,
                   (select count(*)::int from channel_identities
                    where channel = 'sms' and external_id = '+84987430150') as identities,
                   (select count(*)::int from messages
                    where channel = 'sms' and provider_message_id = 'vt-+84987430150') as messages`,
      );
      expect(found).toEqual({ people: 1, identities: 1, messages: 1 });
      expect(await failure(db.insert(people).values({ phone: '+84987430001' }))).toMatchObject({ state: '23505' });
      const [{ total } = { total: 0 }] = await rawRows<{ total: number }>(
        db,
        sql`select count(*)::int as total from messages`,
      );
      expect(total).toBe(300);
    } finally {
      await handle.close();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
