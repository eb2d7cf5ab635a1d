import { eq, sql } from 'drizzle-orm';
import type { Locale } from '../core/config/env.js';
import type { Database } from '../core/db/database.js';
import { markUnsent } from '../core/db/messages-repository.js';
import { type NoticeTarget, reachIdentity } from '../core/db/reach-repository.js';
import { messages } from '../core/db/schema.js';
import type { TranslationVars, Translator } from '../core/i18n/translator.js';
import { type QueueSet, SEND_PRIORITY, type SendPriority } from './queues.js';

/** What sending a one-off notice needs; the service builds it once and hands it to domain workers and routes. */
export interface NoticeDeps {
  db: Database;
  queues: QueueSet;
  translator: Translator;
  defaultLocale: Locale;
  routeFor(channel: string, externalId: string): string | undefined;
}

export interface Notice {
  target: NoticeTarget;
  /** i18n key, rendered in the target's language. */
  key: string;
  vars?: TranslationVars;
  /** Unique per notice (e.g. `vaccination-reminder:<registration>:day-before`): a retried job sends it once. */
  noticeKey: string;
  priority?: SendPriority;
}

export type NoticeOutcome = 'queued' | 'already_sent' | 'unreachable' | 'no_route';

/**
 * Sends one message to someone outside a conversation (a requester after a staff decision, a reminder, an
 * escalation to ward staff), through the outbound queue of the channel they read.
 */
export async function sendNotice(deps: NoticeDeps, notice: Notice): Promise<NoticeOutcome> {
  const reached = await reachIdentity(deps.db, notice.target, deps.defaultLocale);
  if (!reached) return 'unreachable';
  const text = deps.translator.t(reached.person.locale as Locale, notice.key, notice.vars);
  const [inserted] = await deps.db
    .insert(messages)
    .values({
      direction: 'outbound',
      status: 'queued',
      channel: reached.identity.channel,
      identityId: reached.identity.id,
      text,
      noticeKey: notice.noticeKey,
    })
    .onConflictDoNothing({ target: messages.noticeKey, where: sql`${messages.noticeKey} is not null` })
    .returning();
  // A retry after a crash between the insert and the enqueue finds its message still queued and enqueues it
  // (the send job id is the message id, so a double enqueue is one job).
  const message =
    inserted ?? (await deps.db.select().from(messages).where(eq(messages.noticeKey, notice.noticeKey)))[0];
  if (!message) throw new Error(`notice ${notice.noticeKey} vanished after a conflicting insert`);
  if (message.status !== 'queued') return 'already_sent';
  const route = deps.routeFor(message.channel, reached.identity.externalId);
  if (!route) {
    await markUnsent(deps.db, message.id, 'failed', 'no_route');
    return 'no_route';
  }
  await deps.queues.enqueueSend(route, message.id, notice.priority ?? SEND_PRIORITY.reply);
  return 'queued';
}
