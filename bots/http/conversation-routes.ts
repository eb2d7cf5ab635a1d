import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Locale } from '../../core/config/env.js';
import { wardLineage } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import {
  closeHandover,
  findHandoverParty,
  type HandoverParty,
  handoverTranscript,
  listHandovers,
  noteStaffReply,
} from '../../core/db/handover-repository.js';
import { markUnsent, recordOutbound } from '../../core/db/messages-repository.js';
import type { Message } from '../../core/db/schema.js';
import { findStaffByUsername } from '../../core/db/staff-repository.js';
import { conversationView, type StaffReplyPayload, transcriptEntry } from '../../core/domain/handover-view.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { QueueSet } from '../../workers/queues.js';
import { areaQuery, scopedWards } from './area-scope.js';
import { conversationEventRoutes } from './conversation-events.js';
import { HttpProblem } from './error-handler.js';
import { noteAudit } from './request-audit.js';
import { coversWard, requireRole, staffOf } from './staff-auth.js';

export interface ConversationDeps {
  db: Database;
  queues: QueueSet;
  translator: Translator;
  routeFor(channel: string, externalId: string): string | undefined;
  /** How often the live feed looks for changes (1 s). */
  feedIntervalMs?: number;
}

/** The citizen's messages before the handover that staff see with it (what the citizen was doing). */
const TRANSCRIPT_BEFORE = 20;
/** Long enough for a careful answer; an SMS of this length is still only a handful of segments. */
const MAX_REPLY = 1000;

const idParams = z.strictObject({ id: z.uuid() });
const replyBody = z.strictObject({
  text: z
    .string()
    .transform((text) => text.trim())
    .pipe(z.string().min(1, 'must not be empty').max(MAX_REPLY, `must be at most ${MAX_REPLY} characters`)),
});

/** The conversations inbox: citizens handed to staff, their transcript, replies through their channel, closing. */
export function conversationRoutes(deps: ConversationDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['conversations'];
  const security = [{ bearer: [] }];
  return async (app) => {
    // Venue owners answer for their venue, not for a ward's citizens.
    app.addHook('preHandler', requireRole('admin', 'province', 'district', 'ward'));
    await app.register(conversationEventRoutes({ db, intervalMs: deps.feedIntervalMs ?? 1000 }));

    app.get(
      '/conversations',
      {
        schema: {
          summary: 'Handed-over conversations of the wards in your areas, the most recently active first',
          tags,
          security,
          querystring: z.strictObject({
            status: z.enum(['open', 'closed']).default('open'),
            ...areaQuery,
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (request) => {
        const { status, limit } = request.query;
        const rows = await listHandovers(db, { status, wards: await scopedWards(db, request, request.query), limit });
        return { conversations: rows.map(conversationView) };
      },
    );

    app.get(
      '/conversations/:id',
      { schema: { summary: 'A conversation and its transcript', tags, security, params: idParams } },
      async (request) => {
        const party = await conversationInScope(db, request, request.params.id);
        const transcript = await handoverTranscript(db, party.handover, TRANSCRIPT_BEFORE);
        return { conversation: conversationView(party), messages: transcript.map(transcriptEntry) };
      },
    );

    app.post(
      '/conversations/:id/replies',
      {
        schema: {
          summary: "Answer the citizen through their own channel (queued like the bot's replies)",
          tags,
          security,
          params: idParams,
          body: replyBody,
        },
      },
      async (request, reply) => {
        await conversationInScope(db, request, request.params.id);
        const staff = staffOf(request);
        const payload: StaffReplyPayload = {
          author: 'staff',
          staffId: staff.actor,
          staffName: (await findStaffByUsername(db, staff.name))?.displayName ?? staff.name,
        };
        const { message, party } = await db.transaction(async (tx) => {
          const locked = await lockOpen(tx, request.params.id);
          const stored = await recordOutbound(tx, {
            channel: locked.identity.channel,
            identityId: locked.identity.id,
            text: request.body.text,
            payload,
          });
          await noteStaffReply(tx, locked.handover.id);
          return { message: stored, party: locked };
        });
        await dispatch(deps, message, party);
        noteAudit(request, 'conversation_replied', party.handover.id, { messageId: message.id });
        return reply.status(202).send({ messageId: message.id });
      },
    );

    app.post(
      '/conversations/:id/close',
      {
        schema: {
          summary: 'End the handover: the citizen is told, and the bot answers again',
          tags,
          security,
          params: idParams,
        },
      },
      async (request) => {
        await conversationInScope(db, request, request.params.id);
        const { notice, party } = await db.transaction(async (tx) => {
          const locked = await lockOpen(tx, request.params.id);
          const closed = await closeHandover(tx, locked.handover.id, staffOf(request).actor);
          if (!closed) throw new Error(`handover ${locked.handover.id} was open under a lock and did not close`);
          const text = deps.translator.t(locked.person.locale as Locale, 'handover:closed');
          const stored = await recordOutbound(tx, {
            channel: locked.identity.channel,
            identityId: locked.identity.id,
            text,
          });
          return { notice: stored, party: { ...locked, handover: closed } };
        });
        await dispatch(deps, notice, party);
        noteAudit(request, 'conversation_closed', party.handover.id);
        return { conversation: conversationView(party) };
      },
    );
  };
}

/** The conversation with this id, refused when unknown (404) or of a ward outside the caller's areas (403). */
async function conversationInScope(db: Database, request: FastifyRequest, id: string): Promise<HandoverParty> {
  const party = await findHandoverParty(db, id);
  if (!party) throw new HttpProblem(404, 'not_found', 'No conversation with this id.');
  const lineage = await wardLineage(db, party.handover.wardCode);
  const staff = staffOf(request);
  if (!(staff.role === 'admin' || (lineage && coversWard(staff, lineage)))) {
    throw new HttpProblem(
      403,
      'out_of_area',
      `This conversation is with ward ${party.handover.wardCode}, outside your areas.`,
    );
  }
  return party;
}

/** The handover locked for this transaction, refused when it is no longer open. */
async function lockOpen(tx: Database, id: string): Promise<HandoverParty> {
  const party = await findHandoverParty(tx, id, true);
  if (!party) throw new HttpProblem(404, 'not_found', 'No conversation with this id.');
  if (party.handover.status !== 'open') {
    throw new HttpProblem(
      409,
      'conversation_closed',
      'This conversation is closed; the bot answers the citizen again.',
    );
  }
  return party;
}

/** Hands a stored message to the outbound queue of the citizen's channel, as the bot's replies are. */
async function dispatch(deps: ConversationDeps, message: Message, party: HandoverParty): Promise<void> {
  const route = deps.routeFor(party.identity.channel, party.identity.externalId);
  if (route) await deps.queues.enqueueSend(route, message.id);
  else await markUnsent(deps.db, message.id, 'failed', 'no_route');
}
