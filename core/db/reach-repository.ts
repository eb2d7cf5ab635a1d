import { and, desc, eq, sql } from 'drizzle-orm';
import type { Locale } from '../config/env.js';
import type { Database } from './database.js';
import { type ChannelIdentity, channelIdentities, type Person, people } from './schema.js';

/** Who a one-off notice is for: a known person, or a phone (a ward officer who never wrote to the bot). */
export type NoticeTarget = { personId: string } | { phone: string };

export interface Reached {
  person: Person;
  identity: ChannelIdentity;
}

// Only channels the service can write to first; the web chat answers requests and cannot be pushed to.
const PUSH_CHANNELS = ['zalo', 'telegram', 'sms'] as const;

/**
 * The identity a notice goes to: the push channel the person last wrote from (they read it), else the first of
 * Zalo, Telegram, SMS they have; a phone with no person yet gets a person and an SMS identity. Undefined when the
 * person has no way to be reached. Opt-outs are not checked: a notice is about the person's own business (their
 * request, their ward's alerts as staff), not an announcement.
 */
export async function reachIdentity(
  db: Database,
  target: NoticeTarget,
  defaultLocale: Locale,
): Promise<Reached | undefined> {
  const person =
    'personId' in target
      ? await personById(db, target.personId)
      : await personForPhone(db, target.phone, defaultLocale);
  if (!person) return undefined;
  const identities = await db
    .select()
    .from(channelIdentities)
    .where(and(eq(channelIdentities.personId, person.id)))
    .orderBy(sql`${channelIdentities.lastInboundAt} desc nulls last`, desc(channelIdentities.createdAt));
  const pushable = identities.filter((identity) => (PUSH_CHANNELS as readonly string[]).includes(identity.channel));
  const latest = pushable[0]?.lastInboundAt ? pushable[0] : undefined;
  const byPreference = PUSH_CHANNELS.map((channel) => pushable.find((identity) => identity.channel === channel)).find(
    (identity) => identity !== undefined,
  );
  const identity =
    latest ?? byPreference ?? (person.phone ? await smsIdentity(db, person.id, person.phone) : undefined);
  return identity ? { person, identity } : undefined;
}

async function personById(db: Database, id: string): Promise<Person | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

async function personForPhone(db: Database, phone: string, locale: Locale): Promise<Person | undefined> {
  // Inserted or found in one statement, so two notices to a new number at once make one person.
  await db.insert(people).values({ phone, locale }).onConflictDoNothing();
  const [row] = await db.select().from(people).where(eq(people.phone, phone));
  return row;
}

async function smsIdentity(db: Database, personId: string, phone: string): Promise<ChannelIdentity | undefined> {
  await db.insert(channelIdentities).values({ personId, channel: 'sms', externalId: phone }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(channelIdentities)
    .where(and(eq(channelIdentities.channel, 'sms'), eq(channelIdentities.externalId, phone)));
  return row;
}
