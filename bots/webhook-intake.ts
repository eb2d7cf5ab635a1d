import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebhookParse } from '../core/channels/contract.js';
import type { ChannelRuntime } from './channel-module.js';

/**
 * The end of every webhook: a refused request (bad signature, malformed body) gets its 4xx and nothing is stored;
 * an accepted one has its events ingested and its delivery reports applied before the 2xx, so a provider that gets
 * the 2xx can forget the request.
 */
export async function completeWebhook(
  runtime: ChannelRuntime,
  reply: FastifyReply,
  parse: WebhookParse,
  success: { contentType: string; body: string } = { contentType: 'application/json', body: '{"ok":true}' },
): Promise<FastifyReply> {
  if (!parse.ok) return reply.status(parse.status).send({ error: 'webhook_refused', message: parse.reason });
  for (const event of parse.events) await runtime.ingest(event);
  for (const update of parse.deliveries ?? []) await runtime.applyDelivery(update);
  return reply.type(success.contentType).send(success.body);
}

/** Parses application/x-www-form-urlencoded bodies (Twilio) into a flat string record, in one route scope. */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}

/** Keeps JSON bodies as the raw string (a signature covers the exact bytes, e.g. Zalo's), in one route scope. */
export function keepRawJsonBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
}
