import type { Database } from '../core/db/database.js';
import { findIdentityById } from '../core/db/identities-repository.js';
import { listQueuedReplies, markUnsent } from '../core/db/messages-repository.js';
import type { QueueSet } from '../workers/queues.js';

/** Hands a finished turn's queued replies to the outbound queue of their channel (or SMS gateway). */
export function createReplyDispatcher(deps: {
  db: Database;
  queues: QueueSet;
  routeFor(channel: string, externalId: string): string | undefined;
}) {
  return async (inboundMessageId: string): Promise<void> => {
    const replies = await listQueuedReplies(deps.db, inboundMessageId);
    const first = replies[0];
    if (!first) return;
    const resolved = await findIdentityById(deps.db, first.identityId);
    const route = resolved && deps.routeFor(first.channel, resolved.identity.externalId);
    for (const reply of replies) {
      if (route) await deps.queues.enqueueSend(route, reply.id);
      else await markUnsent(deps.db, reply.id, 'failed', 'no_route');
    }
  };
}
