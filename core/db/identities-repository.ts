import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Locale } from '../config/env.js';
import type { Database } from './database.js';
import { preparedOnce } from './prepared-once.js';
import { type ChannelIdentity, channelIdentities, type Person, people } from './schema.js';

export interface ResolvedIdentity {
  identity: ChannelIdentity;
  person: Person;
  created: boolean;
}

/** An identity and its person, found by `where`: a query built once per database (every message looks one up). */
function identityQuery(where: SQL | undefined, name: string) {
  return preparedOnce((db) =>
    db
      .select({ identity: channelIdentities, person: people })
      .from(channelIdentities)
      .innerJoin(people, eq(people.id, channelIdentities.personId))
      .where(where)
      .prepare(name),
  );
}

const identityByExternalId = identityQuery(
  and(
    eq(channelIdentities.channel, sql.placeholder('channel')),
    eq(channelIdentities.externalId, sql.placeholder('externalId')),
  ),
  'identity_by_external_id',
);
const identityById = identityQuery(eq(channelIdentities.id, sql.placeholder('id')), 'identity_by_id');

const resolved = ([row]: { identity: ChannelIdentity; person: Person }[]): ResolvedIdentity | undefined =>
  row ? { ...row, created: false } : undefined;

/** The identity a channel knows a user by, and its person. */
export async function findIdentityByExternalId(
  db: Database,
  channel: string,
  externalId: string,
): Promise<ResolvedIdentity | undefined> {
  return resolved(await identityByExternalId(db).execute({ channel, externalId }));
}

class IdentityRaceLost extends Error {}

/** The identity (and its person) for a channel user, created on first contact; safe under concurrent first messages. */
export async function resolveIdentity(
  db: Database,
  input: { channel: string; externalId: string; locale: Locale },
): Promise<ResolvedIdentity> {
  const existing = await findIdentityByExternalId(db, input.channel, input.externalId);
  if (existing) return existing;
  try {
    return await db.transaction(async (tx) => {
      const [person] = await tx.insert(people).values({ locale: input.locale }).returning();
      if (!person) throw new Error('insert into people returned no row');
      const [identity] = await tx
        .insert(channelIdentities)
        .values({ personId: person.id, channel: input.channel, externalId: input.externalId })
        .onConflictDoNothing()
        .returning();
      // Another request created this identity first: drop our person and use theirs.
      if (!identity) throw new IdentityRaceLost();
      return { identity, person, created: true };
    });
  } catch (error) {
    if (!(error instanceof IdentityRaceLost)) throw error;
    const winner = await findIdentityByExternalId(db, input.channel, input.externalId);
    if (!winner) throw new Error('identity vanished after a concurrent insert');
    return winner;
  }
}

/** Records that the user just wrote to us (providers' reply windows count from here). */
export async function touchIdentityInbound(db: Database, identityId: string, at: Date): Promise<void> {
  await db
    .update(channelIdentities)
    .set({ lastInboundAt: at, updatedAt: sql`now()` })
    .where(eq(channelIdentities.id, identityId));
}

/** Marks an identity as opted out (or back in); opted-out identities receive no more sends. */
export async function setIdentityOptedOut(db: Database, identityId: string, optedOut: boolean): Promise<void> {
  await db
    .update(channelIdentities)
    .set({ optedOut, updatedAt: sql`now()` })
    .where(eq(channelIdentities.id, identityId));
}

/** Every channel identity a person is reachable on. */
export async function listIdentitiesOfPerson(db: Database, personId: string): Promise<ChannelIdentity[]> {
  return db
    .select()
    .from(channelIdentities)
    .where(eq(channelIdentities.personId, personId))
    .orderBy(channelIdentities.createdAt);
}

/** The identity with this id and its person. */
export async function findIdentityById(db: Database, id: string): Promise<ResolvedIdentity | undefined> {
  return resolved(await identityById(db).execute({ id }));
}

/**
 * Links an identity to the person owning a phone the user proved is theirs (a shared contact): if someone already
 * has that phone, the identity moves to them (one person across Zalo, Telegram and SMS); otherwise the phone is set.
 */
export async function linkIdentityToPhone(db: Database, identityId: string, phone: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [identity] = await tx
      .select()
      .from(channelIdentities)
      .where(eq(channelIdentities.id, identityId))
      .for('update');
    if (!identity) throw new Error(`identity ${identityId} not found`);
    const [owner] = await tx.select().from(people).where(eq(people.phone, phone));
    if (owner && owner.id !== identity.personId) {
      await tx
        .update(channelIdentities)
        .set({ personId: owner.id, updatedAt: sql`now()` })
        .where(eq(channelIdentities.id, identityId));
      return owner.id;
    }
    if (!owner) await tx.update(people).set({ phone, updatedAt: sql`now()` }).where(eq(people.id, identity.personId));
    return identity.personId;
  });
}
