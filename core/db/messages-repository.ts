import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { channelIdentities, type Message, type MessageStatus, messages } from './schema.js';

export interface InboundInput {
  channel: string;
  identityId: string;
  providerMessageId: string;
  text: string;
  payload?: unknown;
}

/** Stores an inbound message once per (channel, provider message id); a redelivery returns the first copy. */
export async function recordInbound(
  db: Database,
  input: InboundInput,
): Promise<{ message: Message; duplicate: boolean }> {
  const [inserted] = await db
    .insert(messages)
    .values({ direction: 'inbound', status: 'received', ...input, payload: input.payload ?? null })
    .onConflictDoNothing({ target: [messages.channel, messages.providerMessageId] })
    .returning();
  if (inserted) return { message: inserted, duplicate: false };
  const [existing] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.channel, input.channel), eq(messages.providerMessageId, input.providerMessageId)));
  if (!existing) throw new Error('message vanished after a conflicting insert');
  return { message: existing, duplicate: true };
}

/** The message with this id, if any. */
export async function findMessage(db: Database, id: string): Promise<Message | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  return row;
}

export interface ReplyInput {
  text: string;
  payload?: unknown;
  status: MessageStatus;
  segments?: number;
}

/** Stores a turn's replies and marks its inbound message processed; call inside the turn's transaction. */
export async function completeInbound(
  db: Database,
  inbound: Message,
  replies: readonly ReplyInput[],
): Promise<Message[]> {
  const claimed = await db
    .update(messages)
    .set({ status: 'processed', processedAt: sql`now()`, updatedAt: sql`now()`, error: null })
    .where(and(eq(messages.id, inbound.id), eq(messages.status, 'received')))
    .returning({ id: messages.id });
  if (claimed.length === 0) throw new Error(`inbound message ${inbound.id} is not awaiting a turn`);
  if (replies.length === 0) return [];
  return db
    .insert(messages)
    .values(
      replies.map((reply, sequence) => ({
        direction: 'outbound' as const,
        channel: inbound.channel,
        identityId: inbound.identityId,
        replyToId: inbound.id,
        sequence,
        text: reply.text,
        payload: reply.payload ?? null,
        status: reply.status,
        segments: reply.segments ?? null,
      })),
    )
    .returning();
}

/** Marks an inbound message as failed for good, with the reason. */
export async function failInbound(db: Database, id: string, error: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: 'failed', error: error.slice(0, 500), updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), eq(messages.status, 'received')));
}

/** The replies of one turn, in the order the bot said them. */
export async function listReplies(db: Database, inboundId: string): Promise<Message[]> {
  return db.select().from(messages).where(eq(messages.replyToId, inboundId)).orderBy(asc(messages.sequence));
}

/** A person's most recent messages on every channel, newest first. */
export async function listMessagesOfPerson(db: Database, personId: string, limit: number): Promise<Message[]> {
  const rows = await db
    .select({ message: messages })
    .from(messages)
    .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
    .where(eq(channelIdentities.personId, personId))
    .orderBy(desc(messages.createdAt), desc(messages.sequence))
    .limit(limit);
  return rows.map((row) => row.message);
}
