import type { Locale } from '../core/config/env.js';
import type { Database } from '../core/db/database.js';
import { recordInbound } from '../core/db/messages-repository.js';
import { reachIdentity } from '../core/db/reach-repository.js';
import type { AnswerValue } from '../core/dialogs/flow.js';
import type { QueueSet } from './queues.js';

export interface ProactiveDeps {
  db: Database;
  queues: QueueSet;
  defaultLocale: Locale;
}

export interface ProactiveStart {
  personId: string;
  flow: string;
  answers?: Record<string, AnswerValue>;
  /** Unique per start (e.g. `monitoring:<id>:2026-11-22`): a retried scheduler job starts the flow once. */
  key: string;
}

/**
 * Makes the bot speak first (the daily health check, a follow-up after a vaccination): a system message on the
 * person's channel starts the flow in a normal turn, in order with whatever the person writes, so its state,
 * replies and retries behave exactly like an answer to a citizen's message. False when the person cannot be reached.
 */
export async function startFlowFor(deps: ProactiveDeps, start: ProactiveStart): Promise<boolean> {
  const reached = await reachIdentity(deps.db, { personId: start.personId }, deps.defaultLocale);
  if (!reached) return false;
  const { message, duplicate } = await recordInbound(deps.db, {
    channel: reached.identity.channel,
    identityId: reached.identity.id,
    // Providers' ids never start with "system:", so this cannot collide with a real message.
    providerMessageId: `system:${start.key}`,
    text: '',
    payload: { systemStart: { flow: start.flow, answers: start.answers ?? {} } },
  });
  // A duplicate whose turn already ran needs nothing; one still waiting is re-enqueued (same job id: one job).
  if (!duplicate || message.status === 'received') await deps.queues.enqueueTurn(message.id);
  return true;
}
