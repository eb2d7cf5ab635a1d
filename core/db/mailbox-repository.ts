import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { channelIdentities, type Message, messages } from './schema.js';

/**
 * Collects what was sent into a chat page's mailbox (messages outside a turn: a staff answer, a notice) and marks it
 * delivered in the same statement, so each is handed to the page once; oldest first.
 */
export async function collectMailbox(
  db: Database,
  channel: string,
  externalId: string,
): Promise<Pick<Message, 'id' | 'text' | 'payload' | 'createdAt' | 'sequence'>[]> {
  const identity = db
    .select({ id: channelIdentities.id })
    .from(channelIdentities)
    .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, externalId)));
  const rows = await db
    .update(messages)
    .set({ status: 'delivered', updatedAt: sql`now()` })
    .where(and(inArray(messages.identityId, identity), eq(messages.direction, 'outbound'), eq(messages.status, 'sent')))
    .returning({
      id: messages.id,
      text: messages.text,
      payload: messages.payload,
      createdAt: messages.createdAt,
      sequence: messages.sequence,
    });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.sequence - b.sequence);
}
