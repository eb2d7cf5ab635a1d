import { randomUUID } from 'node:crypto';
import type { QueueEvents } from 'bullmq';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OutboundImage } from '../../core/channels/contract.js';
import type { Locale } from '../../core/config/env.js';
import { collectMailbox } from '../../core/db/mailbox-repository.js';
import { findMessage, listReplies } from '../../core/db/messages-repository.js';
import type { ReplyChoice } from '../../core/dialogs/turn-services.js';
import { inboundJobId } from '../../workers/queues.js';
import { HttpProblem } from '../http/error-handler.js';
import { type IngestDeps, ingestEvent } from '../ingest.js';
import { renderChatPage } from './chat-page.js';

export const WEB_CHANNEL = 'web';
const MAX_TEXT = 2000;

const userId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._@:-]+$/, 'letters, digits and . _ @ : - only');

const messageBody = z.strictObject({
  userId,
  text: z
    .string()
    .transform((text) => text.trim())
    .pipe(z.string().min(1, 'must not be empty').max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)),
  // Optional client id: a retried request with the same id gets the same answer instead of a second turn.
  messageId: z.string().min(1).max(128).optional(),
});

const replySchema = z.object({
  text: z.string(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  // A QR receipt as a data: URL the page can show as it is.
  image: z.object({ src: z.string(), alt: z.string() }).optional(),
});

export interface WebChannelDeps extends IngestDeps {
  events: QueueEvents;
  config: IngestDeps['config'] & { TURN_TIMEOUT_MS: number };
}

/** The web test channel: one HTTP request is one turn, answered with that turn's replies. */
export function webChannelRoutes(deps: WebChannelDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/channels/web/messages',
      {
        schema: {
          summary: 'Send one message as a web user and get the bot replies of that turn',
          tags: ['web channel'],
          body: messageBody,
          response: { 200: z.object({ messageId: z.string(), replies: z.array(replySchema) }) },
        },
      },
      async (request) => {
        const { userId, text, messageId = randomUUID() } = request.body;
        const outcome = await ingestEvent(deps, {
          channel: WEB_CHANNEL,
          externalId: userId,
          providerMessageId: messageId,
          kind: 'message',
          text,
          receivedAt: new Date(),
        });
        if (outcome.kind === 'unfollowed') throw new Error('the web channel has no unfollow event');
        const { message, identity } = outcome;
        if (outcome.kind === 'duplicate' && message.identityId !== identity.identity.id) {
          throw new HttpProblem(409, 'message_id_taken', 'This messageId was already used by another user.');
        }
        if (outcome.kind === 'flooded') {
          const notice = deps.translator.t(identity.person.locale as Locale, 'common:flood');
          throw new HttpProblem(429, 'too_many_messages', notice);
        }
        const duplicate = outcome.kind === 'duplicate';
        if (message.status === 'received') await waitForTurn(deps, message.id);
        const stored = await findMessage(deps.db, message.id);
        if (stored?.status === 'failed')
          throw new HttpProblem(502, 'turn_failed', 'The bot could not answer this message.');
        if (stored?.status === 'received') {
          throw new HttpProblem(
            504,
            'turn_pending',
            'Your message is saved; the reply is not ready yet. Send it again.',
          );
        }
        const replies = await listReplies(deps.db, message.id);
        deps.metrics.messages.inc({ channel: WEB_CHANNEL, direction: 'outbound' }, duplicate ? 0 : replies.length);
        return {
          messageId,
          replies: replies.map(pageReply),
        };
      },
    );

    app.get(
      '/channels/web/messages',
      {
        schema: {
          summary: "Collect a web user's messages sent outside a turn (a staff officer's answer, a notice); each once",
          tags: ['web channel'],
          querystring: z.strictObject({ userId }),
          response: { 200: z.object({ messages: z.array(replySchema) }) },
        },
      },
      async (request) => ({
        messages: (await collectMailbox(deps.db, WEB_CHANNEL, request.query.userId)).map(pageReply),
      }),
    );

    app.get(
      '/chat',
      { schema: { hide: true, querystring: z.strictObject({ lang: z.enum(['vi', 'en']).optional() }) } },
      async (request, reply) => {
        const locale = request.query.lang ?? deps.config.DEFAULT_LOCALE;
        return reply.type('text/html; charset=utf-8').send(renderChatPage(deps.translator, locale));
      },
    );
  };
}

/** A stored reply as the chat page shows it; a QR receipt becomes a data: URL. */
function pageReply(reply: { text: string; payload: unknown }): z.infer<typeof replySchema> {
  const payload = reply.payload as { choices?: ReplyChoice[]; image?: OutboundImage } | null;
  return {
    text: reply.text,
    ...(payload?.choices ? { choices: payload.choices } : {}),
    ...(payload?.image
      ? { image: { src: `data:image/png;base64,${payload.image.pngBase64}`, alt: payload.image.alt } }
      : {}),
  };
}

// Waits for the turn's job; a timeout or a failed attempt is judged afterwards from the stored message's status.
async function waitForTurn(deps: WebChannelDeps, messageId: string): Promise<void> {
  const job = await deps.queues.inbound.getJob(inboundJobId(messageId));
  await job?.waitUntilFinished(deps.events, deps.config.TURN_TIMEOUT_MS).catch(() => undefined);
}
