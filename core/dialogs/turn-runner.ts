import { eq } from 'drizzle-orm';
import type { Locale } from '../config/env.js';
import type { DatabaseHandle } from '../db/database.js';
import { touchIdentityInbound } from '../db/identities-repository.js';
import { completeInbound, findEarlierPending, type ReplyInput } from '../db/messages-repository.js';
import { channelIdentities, type Message, type MessageStatus, messages, people } from '../db/schema.js';
import type { DomainServices } from '../domain/domain-services.js';
import { vietnamDate } from '../domain/vietnam-date.js';
import type { Translator } from '../i18n/translator.js';
import { type FlowCatalog, runBotTurn } from './bot.js';
import { PostgresStorage, StateConflictError } from './postgres-storage.js';
import { TurnAdapter } from './turn-adapter.js';
import { attachTurnServices } from './turn-services.js';
import { VersionedConversationState } from './versioned-state.js';

export interface TurnRunnerDeps {
  database: DatabaseHandle;
  translator: Translator;
  catalog: FlowCatalog;
  /** The status a channel's replies start in: "queued" for sent-later channels, "delivered" for the web channel. */
  replyStatusOf(channel: string): MessageStatus;
  now?: () => Date;
  domain?: DomainServices;
}

export type TurnOutcome =
  | { status: 'done'; replies: Message[] }
  | { status: 'already-handled' }
  /** An earlier message of the same user is still waiting: run this one after it, so answers keep their order. */
  | { status: 'deferred' };

// A stuck earlier message (its job lost) must not hold a user's conversation forever.
const ORDER_WINDOW_MS = 2 * 60_000;

const CONFLICT_RETRIES = 5;

/**
 * Runs the turn for one stored inbound message. State, replies and the message's "processed" mark commit in one
 * transaction, so a worker that dies mid-turn leaves nothing half-done and the retried job runs it cleanly; a job
 * that runs twice finds the message handled and does nothing.
 */
export async function runInboundTurn(deps: TurnRunnerDeps, messageId: string): Promise<TurnOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.database.db.transaction((tx) => turnInTransaction(deps, tx, messageId));
    } catch (error) {
      if (!(error instanceof StateConflictError) || attempt >= CONFLICT_RETRIES) throw error;
    }
  }
}

type Tx = Parameters<Parameters<DatabaseHandle['db']['transaction']>[0]>[0];

async function turnInTransaction(deps: TurnRunnerDeps, tx: Tx, messageId: string): Promise<TurnOutcome> {
  const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
  if (message?.direction !== 'inbound' || message.status !== 'received') return { status: 'already-handled' };
  // One turn at a time per identity, across processes: the second waits here rather than racing on the state.
  const [row] = await tx
    .select({ identity: channelIdentities, person: people })
    .from(channelIdentities)
    .innerJoin(people, eq(people.id, channelIdentities.personId))
    .where(eq(channelIdentities.id, message.identityId))
    .for('update', { of: channelIdentities });
  if (!row) throw new Error(`message ${messageId} has no identity`);
  if (await findEarlierPending(tx, message, 'received', ORDER_WINDOW_MS)) return { status: 'deferred' };

  const now = deps.now?.() ?? new Date();
  const adapter = new TurnAdapter(message.channel);
  const state = new VersionedConversationState(new PostgresStorage(tx));
  const replies = await adapter.runTurn(message, row.identity, async (context) => {
    attachTurnServices(context, {
      db: tx,
      person: row.person,
      identity: row.identity,
      translator: deps.translator,
      today: vietnamDate(now),
      locale: row.person.locale as Locale,
      ...(deps.domain ? { domain: deps.domain } : {}),
    });
    await state.load(context);
    await runBotTurn(context, deps.catalog, state);
    await state.saveChanges(context);
  });
  const status = deps.replyStatusOf(message.channel);
  const stored = await completeInbound(
    tx,
    message,
    replies.map(
      (reply): ReplyInput => ({
        text: reply.text,
        status,
        payload: reply.choices ? { choices: reply.choices } : undefined,
      }),
    ),
  );
  await touchIdentityInbound(tx, row.identity.id, message.createdAt);
  return { status: 'done', replies: stored };
}
