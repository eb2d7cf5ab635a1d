import type { FastifyInstance } from 'fastify';
import type { ChannelRuntime } from '../../channel-module.js';
import { acceptFormBodies, completeWebhook } from '../../webhook-intake.js';
import type { TwilioSmsConfig } from './twilio-config.js';
import { parseTwilioInbound, parseTwilioStatus, TWILIO_STATUS_PATH } from './twilio-webhook.js';

export const TWILIO_INBOUND_PATH = '/webhooks/twilio';
// An empty TwiML document: our replies go out through the REST API from the outbound queue, not in this response.
const EMPTY_TWIML = { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };

/** Twilio's inbound SMS and status-callback webhooks, signatures checked against PUBLIC_URL + the path. */
export async function registerTwilioWebhooks(
  app: FastifyInstance,
  runtime: ChannelRuntime,
  twilio: TwilioSmsConfig,
): Promise<void> {
  acceptFormBodies(app);
  const publicUrl = twilio.publicUrl ?? '';
  const paramsOf = (body: unknown) => (body && typeof body === 'object' ? (body as Record<string, string>) : {});
  app.post(TWILIO_INBOUND_PATH, { schema: { hide: true } }, async (request, reply) =>
    completeWebhook(
      runtime,
      reply,
      parseTwilioInbound(request.headers, paramsOf(request.body), publicUrl, twilio.authToken, request.url),
      EMPTY_TWIML,
    ),
  );
  app.post(TWILIO_STATUS_PATH, { schema: { hide: true } }, async (request, reply) =>
    completeWebhook(
      runtime,
      reply,
      parseTwilioStatus(request.headers, paramsOf(request.body), publicUrl, twilio.authToken, request.url),
    ),
  );
}
