import type { Database } from '../core/db/database.js';
import { findIdentityById } from '../core/db/identities-repository.js';
import { listQueuedReplies, markUnsent } from '../core/db/messages-repository.js';
import type { QueueSet } from '../workers/queues.js';

/**
 * Hands a finished turn's queued replies, and the notices it wrote to other people, to the outbound queue of each
 * one's channel (or SMS gateway).
 */
export function createReplyDispatcher(deps: {
  db: Database;
  queues: QueueSet;
  routeFor(channel: string, externalId: string): string | undefined;
}) {
  return async (inboundMessageId: string): Promise<void> => {
    const replies = await listQueuedReplies(deps.db, inboundMessageId);
    const routes = new Map<string, string | undefined>();
    for (const reply of replies) {
      if (!routes.has(reply.identityId)) {
        const resolved = await findIdentityById(deps.db, reply.identityId);
        routes.set(reply.identityId, resolved && deps.routeFor(reply.channel, resolved.identity.externalId));
      }
      const route = routes.get(reply.identityId);
      if (route) await deps.queues.enqueueSend(route, reply.id);
      else await markUnsent(deps.db, reply.id, 'failed', 'no_route');
    }
  };
}
