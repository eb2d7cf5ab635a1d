import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rawRows } from '../core/db/raw-rows.js';
import { channelIdentities, people } from '../core/db/schema.js';
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
