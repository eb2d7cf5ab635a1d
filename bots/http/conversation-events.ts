import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../core/db/database.js';
import { handoversChangedSince, messagesOfHandover } from '../../core/db/handover-repository.js';
import type { WardScope } from '../../core/db/monitoring-board-repository.js';
import {
  type ConversationView,
  conversationView,
  type TranscriptEntry,
  transcriptEntry,
} from '../../core/domain/handover-view.js';
import { scopedWards } from './area-scope.js';
import { openEventStream } from './event-stream.js';

export type ConversationEvent =
  | { type: 'conversation'; data: { conversation: ConversationView } }
  | { type: 'message'; data: { conversationId: string; message: TranscriptEntry } };

// A change is stamped with its transaction's start but seen only once committed: look back this far each time, and
// let the ids already announced keep the repeats out.
const OVERLAP_MS = 10_000;
// Proxies close a silent stream; a comment line now and then keeps it open.
const KEEPALIVE_MS = 15_000;

/**
 * The live feed of one console: each poll returns the conversations in scope that changed (opened, written to,
 * answered, closed) and their new messages since the feed started, each announced once. It polls PostgreSQL, so it
 * sees turns run by any worker process.
 */
export function conversationFeed(db: Database, wards: WardScope, startedAt: Date) {
  let cursor = startedAt.getTime();
  const announcedVersions = new Map<string, number>();
  const announcedMessages = new Set<string>();
  return async (): Promise<ConversationEvent[]> => {
    const events: ConversationEvent[] = [];
    for (const party of await handoversChangedSince(db, new Date(cursor - OVERLAP_MS), wards)) {
      const { id, updatedAt } = party.handover;
      cursor = Math.max(cursor, updatedAt.getTime());
      if (announcedVersions.get(id) === updatedAt.getTime()) continue;
      announcedVersions.set(id, updatedAt.getTime());
      events.push({ type: 'conversation', data: { conversation: conversationView(party) } });
      for (const message of await messagesOfHandover(db, party.handover, startedAt, 50)) {
        if (announcedMessages.has(message.id)) continue;
        announcedMessages.add(message.id);
        events.push({ type: 'message', data: { conversationId: id, message: transcriptEntry(message) } });
      }
    }
    return events;
  };
}

/** GET /conversations/events: the feed as server-sent events, polled every `intervalMs`. */
export function conversationEventRoutes(deps: { db: Database; intervalMs: number }): FastifyPluginAsyncZod {
  return async (app) => {
    // A console left open must not hold the service's shutdown: streams end when the server begins to close.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.get(
      '/conversations/events',
      {
        schema: {
          summary: 'Server-sent events: "conversation" (opened or changed) and "message" (new), for your areas',
          tags: ['conversations'],
          security: [{ bearer: [] }],
        },
      },
      async (request, reply) => {
        // Starting a little back covers what changed while the console was loading its list.
        // The caller's wards as they stand now: an account whose areas change opens a new stream.
        const wards = await scopedWards(deps.db, request, {});
        const poll = conversationFeed(deps.db, wards, new Date(Date.now() - OVERLAP_MS));
        const stream = openEventStream(request, reply);
        stream.send('ready', {});
        let quietSince = Date.now();
        try {
          while (stream.isOpen() && !closing) {
            const events = await poll();
            for (const event of events) stream.send(event.type, event.data);
            if (events.length > 0) quietSince = Date.now();
            else if (Date.now() - quietSince >= KEEPALIVE_MS) {
              stream.comment('keep-alive');
              quietSince = Date.now();
            }
            await new Promise((resolve) => setTimeout(resolve, deps.intervalMs));
          }
        } catch (error) {
          request.log.error({ err: error }, 'conversation feed failed');
        } finally {
          stream.end();
        }
      },
    );
  };
}
