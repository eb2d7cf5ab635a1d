import { and, asc, desc, eq, gt, gte, lt, lte, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { inWards, type WardScope } from './monitoring-board-repository.js';
import { rawRows } from './raw-rows.js';
import {
  type ChannelIdentity,
  channelIdentities,
  declarations,
  type Handover,
  handovers,
  type Message,
  messages,
  type Person,
  people,
  reliefHouseholds,
  reliefRequests,
} from './schema.js';

/** A handover with the citizen it is with: the channel identity staff answer through, and its person. */
export interface HandoverParty {
  handover: Handover;
  identity: ChannelIdentity;
  person: Person;
}

/** The open handover of a channel identity, if any. */
export async function findOpenHandover(db: Database, identityId: string): Promise<Handover | undefined> {
  const [row] = await db
    .select()
    .from(handovers)
    .where(and(eq(handovers.identityId, identityId), eq(handovers.status, 'open')));
  return row;
}

/**
 * Opens a handover for an identity; when one is already open (a double tap, two turns racing) that one is kept.
 * `opened` says whether this call opened it (only then are staff told).
 */
export async function openHandover(
  db: Database,
  input: { identityId: string; wardCode: string },
): Promise<{ handover: Handover; opened: boolean }> {
  const [inserted] = await db.insert(handovers).values(input).onConflictDoNothing().returning();
  if (inserted) return { handover: inserted, opened: true };
  const existing = await findOpenHandover(db, input.identityId);
  if (!existing) throw new Error('handover vanished after a conflicting insert');
  return { handover: existing, opened: false };
}

/**
 * Marks that the citizen wrote again: the conversation waits for staff. `quietBefore` says whether nothing had been
 * written either way for longer than `idleMs` before this message.
 */
export async function noteCitizenMessage(db: Database, id: string, idleMs: number): Promise<{ quietBefore: boolean }> {
  const [row] = await rawRows<{ quiet_before: boolean }>(
    db,
    sql`update ${handovers} h
        set waiting_for_staff = true, last_message_at = now(), updated_at = now()
        from (select id, last_message_at from ${handovers} where id = ${id}) before
        where h.id = before.id
        returning before.last_message_at < now() - make_interval(secs => ${idleMs / 1000}) as quiet_before`,
  );
  return { quietBefore: row?.quiet_before ?? false };
}

/**
 * Closes an open handover that staff answered last and nobody wrote in for longer than `idleMs` (closed by "idle"):
 * that conversation has ended, whether or not an officer remembered to close it. One still waiting for staff stays
 * open: the citizen asked for a person and is owed an answer. Undefined when it was not closed.
 */
export async function closeIdleHandover(db: Database, id: string, idleMs: number): Promise<Handover | undefined> {
  const [row] = await db
    .update(handovers)
    .set({ status: 'closed', closedAt: sql`now()`, closedBy: 'idle', updatedAt: sql`now()` })
    .where(
      and(
        eq(handovers.id, id),
        eq(handovers.status, 'open'),
        eq(handovers.waitingForStaff, false),
        lt(handovers.lastMessageAt, sql`now() - make_interval(secs => ${idleMs / 1000})`),
      ),
    )
    .returning();
  return row;
}

/** Marks that staff answered: the conversation no longer waits for them. */
export async function noteStaffReply(db: Database, id: string): Promise<void> {
  await db
    .update(handovers)
    .set({ waitingForStaff: false, lastMessageAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(handovers.id, id));
}

/** Closes an open handover; undefined when it was not open (already closed, or no such id). */
export async function closeHandover(db: Database, id: string, closedBy: string): Promise<Handover | undefined> {
  const [row] = await db
    .update(handovers)
    .set({ status: 'closed', closedAt: sql`now()`, closedBy, waitingForStaff: false, updatedAt: sql`now()` })
    .where(and(eq(handovers.id, id), eq(handovers.status, 'open')))
    .returning();
  return row;
}

/** A handover with its citizen; `lock` holds the row until the transaction ends (a reply racing a close). */
export async function findHandoverParty(db: Database, id: string, lock = false): Promise<HandoverParty | undefined> {
  const query = partyQuery(db).where(eq(handovers.id, id));
  const [row] = lock ? await query.for('update', { of: handovers }) : await query;
  return row;
}

/** Handovers in a status for the wards in scope, the most recently active first. */
export async function listHandovers(
  db: Database,
  filter: { status: Handover['status']; wards: WardScope; limit: number },
): Promise<HandoverParty[]> {
  return partyQuery(db)
    .where(and(eq(handovers.status, filter.status), inWards(handovers.wardCode, filter.wards)))
    .orderBy(desc(handovers.lastMessageAt), desc(handovers.id))
    .limit(filter.limit);
}

/** Handovers in scope changed after `since` (the console's live feed), oldest change first. */
export async function handoversChangedSince(db: Database, since: Date, wards: WardScope): Promise<HandoverParty[]> {
  return partyQuery(db)
    .where(and(gt(handovers.updatedAt, since), inWards(handovers.wardCode, wards)))
    .orderBy(asc(handovers.updatedAt))
    .limit(200);
}

/**
 * What staff read: the citizen's last `before` messages before the handover (what they were doing), then every
 * message from its opening to its close, oldest first.
 */
export async function handoverTranscript(db: Database, handover: Handover, before: number): Promise<Message[]> {
  const earlier = await db
    .select()
    .from(messages)
    .where(and(eq(messages.identityId, handover.identityId), lt(messages.createdAt, handover.openedAt)))
    .orderBy(desc(messages.createdAt), desc(messages.sequence))
    .limit(before);
  const during = await messagesOfHandover(db, handover, handover.openedAt, 5000);
  return [...earlier.reverse(), ...during];
}

/** The handover's messages from `from` on (at most `limit`, the latest), oldest first. */
export async function messagesOfHandover(
  db: Database,
  handover: Handover,
  from: Date,
  limit: number,
): Promise<Message[]> {
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.identityId, handover.identityId),
        gte(messages.createdAt, from > handover.openedAt ? from : handover.openedAt),
        handover.closedAt ? lte(messages.createdAt, handover.closedAt) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.sequence))
    .limit(limit);
  return rows.reverse();
}

/**
 * The ward a citizen is known to live in: their own record, else their latest declaration for themselves, else the
 * household of their latest relief request.
 */
export async function knownWardOf(db: Database, person: Person): Promise<string | undefined> {
  if (person.wardCode) return person.wardCode;
  const [declared] = await db
    .select({ wardCode: declarations.wardCode })
    .from(declarations)
    .where(and(eq(declarations.personId, person.id), sql`${declarations.wardCode} is not null`))
    .orderBy(desc(declarations.createdAt))
    .limit(1);
  if (declared?.wardCode) return declared.wardCode;
  const [requested] = await db
    .select({ wardCode: reliefHouseholds.wardCode })
    .from(reliefRequests)
    .innerJoin(reliefHouseholds, eq(reliefHouseholds.id, reliefRequests.householdId))
    .where(eq(reliefRequests.personId, person.id))
    .orderBy(desc(reliefRequests.createdAt))
    .limit(1);
  return requested?.wardCode;
}

function partyQuery(db: Database) {
  return db
    .select({ handover: handovers, identity: channelIdentities, person: people })
    .from(handovers)
    .innerJoin(channelIdentities, eq(channelIdentities.id, handovers.identityId))
    .innerJoin(people, eq(people.id, channelIdentities.personId))
    .$dynamic();
}
