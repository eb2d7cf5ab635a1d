import { eq } from 'drizzle-orm';
import type { Locale } from '../config/env.js';
import type { DatabaseHandle } from '../db/database.js';
import { touchIdentityInbound } from '../db/identities-repository.js';
import { completeInbound, findEarlierPending, type ReplyInput, recordOutbound } from '../db/messages-repository.js';
import { reachIdentity } from '../db/reach-repository.js';
import { channelIdentities, type Message, type MessageStatus, messages, people } from '../db/schema.js';
import type { DomainServices } from '../domain/domain-services.js';
import { vietnamDate } from '../domain/vietnam-date.js';
import type { Translator } from '../i18n/translator.js';
import { type FlowCatalog, runBotTurn } from './bot.js';
import { PostgresStorage, StateConflictError } from './postgres-storage.js';
import { TurnAdapter } from './turn-adapter.js';
import { attachTurnServices, type PendingNotice } from './turn-services.js';
import { VersionedConversationState } from './versioned-state.js';

export interface TurnRunnerDeps {
  database: DatabaseHandle;
  translator: Translator;
  catalog: FlowCatalog;
  /** The status a channel's replies start in: "queued" for sent-later channels, "delivered" for the web channel. */
  replyStatusOf(channel: string): MessageStatus;
  /** The language of someone first reached by a notice (a staff phone that never wrote to us). */
  defaultLocale: Locale;
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
  const notices: PendingNotice[] = [];
  const replies = await adapter.runTurn(message, row.identity, async (context) => {
    attachTurnServices(context, {
      db: tx,
      person: row.person,
      identity: row.identity,
      translator: deps.translator,
      today: vietnamDate(now),
      now,
      locale: row.person.locale as Locale,
      ...(deps.domain ? { domain: deps.domain } : {}),
      notices,
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
        payload:
          reply.choices || reply.image
            ? { ...(reply.choices ? { choices: reply.choices } : {}), ...(reply.image ? { image: reply.image } : {}) }
            : undefined,
      }),
    ),
  );
  // After the replies in send order, should a citizen be the target of their own turn's notice.
  for (const [index, notice] of notices.entries()) {
    await storeNotice(tx, deps, message, notice, stored.length + index);
  }
  // A flow the service started itself is not the person writing: providers' reply windows must not reopen.
  if (!isSystemStart(message)) await touchIdentityInbound(tx, row.identity.id, message.createdAt);
  return { status: 'done', replies: stored };
}

/** A notice of this turn, queued as a reply of its inbound message so the reply dispatcher sends it after commit. */
async function storeNotice(
  tx: Tx,
  deps: TurnRunnerDeps,
  inbound: Message,
  notice: PendingNotice,
  sequence: number,
): Promise<void> {
  const reached = await reachIdentity(tx, notice.target, deps.defaultLocale);
  if (!reached) return;
  const text = deps.translator.t(reached.person.locale as Locale, notice.key, notice.vars);
  await recordOutbound(tx, {
    channel: reached.identity.channel,
    identityId: reached.identity.id,
    text,
    replyToId: inbound.id,
    sequence,
  });
}

function isSystemStart(message: Message): boolean {
  return typeof message.payload === 'object' && message.payload !== null && 'systemStart' in message.payload;
}
