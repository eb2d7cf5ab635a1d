import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.js';
import { orderedUuid } from '../core/db/ordered-id.js';
import { channelIdentities, deliveries, messages, people } from '../core/db/schema.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { failure, foreignKey, newPerson, openTransaction, waitingForLock } from './support/references.js';
import { BOTH_ENGINES, createPostgresTestDatabase, suiteDatabase } from './support/test-database.js';

const IDENTITY_PERSON = foreignKey('channel_identities_person_id_people_id_fk');
const DELIVERY_PERSON = foreignKey('deliveries_person_id_people_id_fk');
const MESSAGE_IDENTITY = foreignKey('messages_identity_id_channel_identities_id_fk');

/** A person with an SMS identity, for rows naming them to be stored by hand. */
async function personWithIdentity(db: Database, phone: string) {
  const personId = await newPerson(db, phone);
  const [identity] = await db
    .insert(channelIdentities)
    .values({ personId, channel: 'sms', externalId: phone })
    .returning({ id: channelIdentities.id });
  if (!identity) throw new Error('insert into channel_identities returned no row');
  return { personId, identityId: identity.id };
}

const messageTo = (identityId: string) => ({
  direction: 'outbound' as const,
  status: 'queued' as const,
  channel: 'sms',
  identityId,
  text: 'Thong bao',
});

const rowsOf = async (db: Database, personId: string) => {
  const identities = await db.select().from(channelIdentities).where(eq(channelIdentities.personId, personId));
  const ids = identities.map((identity) => identity.id);
  return {
    identities: identities.length,
    deliveries: (await db.select().from(deliveries).where(eq(deliveries.personId, personId))).length,
    messages: ids.length === 0 ? 0 : (await db.select().from(messages).where(inArray(messages.identityId, ids))).length,
  };
};

// channel_identities.person_id, deliveries.person_id and messages.identity_id are foreign keys kept by triggers
// (migration 0021): checked once per statement, without a lock on each row they name. These are the foreign keys'
// promises, kept.
describe.each(BOTH_ENGINES)('identities, deliveries and messages name what exists, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('refuses an identity for a person who does not exist, storing none of its statement', async () => {
    const personId = await newPerson(db(), '+84987640001');
    const rows = [
      { personId, channel: 'sms', externalId: '+84987640001' },
      { personId: orderedUuid(), channel: 'sms', externalId: '+84987640002' },
    ];
    expect(await failure(db().insert(channelIdentities).values(rows))).toEqual(IDENTITY_PERSON);
    expect((await rowsOf(db(), personId)).identities).toBe(0);
  });

  it('refuses a delivery for a person who does not exist', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987640011']);
    const insert = db().insert(deliveries).values({ campaignId: campaign.id, personId: orderedUuid() });
    expect(await failure(insert)).toEqual(DELIVERY_PERSON);
  });

  it('refuses a message to an identity that does not exist, storing none of its statement', async () => {
    const { identityId } = await personWithIdentity(db(), '+84987640021');
    const insert = db()
      .insert(messages)
      .values([messageTo(identityId), messageTo(orderedUuid())]);
    expect(await failure(insert)).toEqual(MESSAGE_IDENTITY);
    expect(await db().select().from(messages).where(eq(messages.identityId, identityId))).toEqual([]);
  });

  it('moves an identity to a person who exists (people merged), never to one who does not', async () => {
    const { identityId } = await personWithIdentity(db(), '+84987640031');
    const other = await newPerson(db(), '+84987640032');
    const move = (personId: string) =>
      db().update(channelIdentities).set({ personId }).where(eq(channelIdentities.id, identityId));
    expect(await failure(move(orderedUuid()))).toEqual(IDENTITY_PERSON);
    expect(await failure(move(other))).toBeUndefined();
    const moveMessage = db()
      .update(messages)
      .set({ identityId: orderedUuid() })
      .where(eq(messages.identityId, identityId))
      .returning();
    await db().insert(messages).values(messageTo(identityId));
    expect(await failure(moveMessage)).toEqual(MESSAGE_IDENTITY);
  });

  it('deletes a person with their identities, their messages and their deliveries, and no one else’s', async () => {
    const { campaign, deliveryIds } = await queuedCampaign(db(), ['+84987640041', '+84987640042']);
    const [gone, kept] = await Promise.all(
      deliveryIds.map(async (id) => {
        const [delivery] = await db().select().from(deliveries).where(eq(deliveries.id, id));
        if (!delivery?.identityId) throw new Error('the fan-out stored no identity');
        await db().insert(messages).values(messageTo(delivery.identityId));
        return delivery.personId;
      }),
    );
    expect(await rowsOf(db(), gone ?? '')).toEqual({ identities: 1, deliveries: 1, messages: 1 });
    await db()
      .delete(people)
      .where(eq(people.id, gone ?? ''));
    expect(await rowsOf(db(), gone ?? '')).toEqual({ identities: 0, deliveries: 0, messages: 0 });
    expect(await rowsOf(db(), kept ?? '')).toEqual({ identities: 1, deliveries: 1, messages: 1 });
    expect(await db().select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toHaveLength(1);
  });

  it('refuses changing the id of a person or an identity that rows name', async () => {
    const { personId, identityId } = await personWithIdentity(db(), '+84987640051');
    await db().insert(messages).values(messageTo(identityId));
    const renumberPerson = db().update(people).set({ id: orderedUuid() }).where(eq(people.id, personId));
    expect(await failure(renumberPerson)).toEqual(IDENTITY_PERSON);
    const renumberIdentity = db()
      .update(channelIdentities)
      .set({ id: orderedUuid() })
      .where(eq(channelIdentities.id, identityId));
    expect(await failure(renumberIdentity)).toEqual(MESSAGE_IDENTITY);
  });

  // Last of its suite: the truncate that may go empties the tables the others use.
  it('refuses truncating people or identities that rows still name, and truncates them together', async () => {
    const { personId, identityId } = await personWithIdentity(db(), '+84987640091');
    await db().insert(messages).values(messageTo(identityId));
    const truncate = (tables: string) => db().execute(sql.raw(`truncate ${tables} cascade`));
    expect((await failure(truncate('people')))?.state).toBe('23503');
    expect((await failure(truncate('channel_identities')))?.state).toBe('23503');
    expect(await rowsOf(db(), personId)).toEqual({ identities: 1, deliveries: 0, messages: 1 });
    expect(await failure(truncate('people, channel_identities, deliveries, messages'))).toBeUndefined();
    expect(await db().select().from(people)).toEqual([]);
  });
});

describe('people deleted while rows naming them are stored, in two transactions at once (PostgreSQL)', () => {
  const testDb = suiteDatabase(createPostgresTestDatabase);
  const db = () => testDb().handle.db;

  it('waits for a message being stored to its identity, then deletes it with the person', async () => {
    const { personId, identityId } = await personWithIdentity(db(), '+84987640061');
    const storing = openTransaction(db(), (tx) => tx.insert(messages).values(messageTo(identityId)));
    await storing.done;
    // Started now (a query builder runs when awaited): its cascade waits for the transaction storing the message.
    const deleting = failure(db().delete(people).where(eq(people.id, personId)));
    await waitingForLock(db());
    storing.commit();
    await storing.transaction;
    expect(await deleting).toBeUndefined();
    expect(await rowsOf(db(), personId)).toEqual({ identities: 0, deliveries: 0, messages: 0 });
    expect(await db().select().from(messages).where(eq(messages.identityId, identityId))).toEqual([]);
  });

  it('refuses a message and an identity stored while their person is being deleted, once the deletion commits', async () => {
    const { personId, identityId } = await personWithIdentity(db(), '+84987640071');
    const deleting = openTransaction(db(), (tx) => tx.delete(people).where(eq(people.id, personId)));
    await deleting.done;
    const message = failure(db().insert(messages).values(messageTo(identityId)));
    const identity = failure(
      db().insert(channelIdentities).values({ personId, channel: 'telegram', externalId: '987640071' }),
    );
    await waitingForLock(db());
    deleting.commit();
    await deleting.transaction;
    expect(await message).toEqual(MESSAGE_IDENTITY);
    expect(await identity).toEqual(IDENTITY_PERSON);
    expect(await db().select().from(messages).where(eq(messages.identityId, identityId))).toEqual([]);
  });

  it('refuses deleting people in a transaction that would not see rows stored meanwhile', async () => {
    const personId = await newPerson(db(), '+84987640081');
    const deleting = db().transaction(async (tx) => tx.delete(people).where(eq(people.id, personId)), {
      isolationLevel: 'repeatable read',
    });
    expect((await failure(deleting))?.state).toBe('0A000');
    expect(await db().select().from(people).where(eq(people.id, personId))).toHaveLength(1);
  });
});
