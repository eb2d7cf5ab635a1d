import type { ChannelModule, ChannelRuntime, OutboundRoute } from '../channel-module.js';
import {
  createSmppGateways,
  MO_REDELIVERY_MS,
  PrefixRouter,
  RedisAnswerLedger,
  SMS_CHANNEL,
  type SmppInbox,
  SmppSender,
  smppProviderId,
} from './smpp/index.js';
import { twilioSmsConfigFrom } from './twilio/twilio-config.js';
import { registerTwilioWebhooks } from './twilio/twilio-routes.js';
import { TwilioSmsSender } from './twilio/twilio-sender.js';

const TWILIO_ROUTE = 'twilio';
const smppRoute = (gateway: string) => `smpp-${gateway}`;

/**
 * Two-way SMS. Vietnamese numbers go out through the carriers' SMPP binds (SMPP_GATEWAYS), each its own route and
 * queue capped at its TPS, chosen by the number's prefix (the fallback gateway when that bind is down); Twilio
 * (TWILIO_*) carries what no bind serves. Replies from citizens arrive as SMPP MO messages or Twilio webhooks.
 */
export function createSmsChannel(runtime: ChannelRuntime): ChannelModule | undefined {
  const { config, logger } = runtime;
  const twilio = twilioSmsConfigFrom(config);
  const smpp = config.SMPP_GATEWAYS
    ? createSmppGateways(
        { SMPP_GATEWAYS: config.SMPP_GATEWAYS, SMPP_FALLBACK_GATEWAY: config.SMPP_FALLBACK_GATEWAY },
        // An SMSC may deliver an MO again on another process's bind: what each answered is kept where all see it.
        { logger, answerLedger: new RedisAnswerLedger(runtime.redis, config.QUEUE_PREFIX, MO_REDELIVERY_MS) },
      )
    : undefined;
  if (!twilio && !smpp) return undefined;

  const routes: OutboundRoute[] = [];
  const twilioSender = twilio && new TwilioSmsSender(twilio);
  if (twilioSender) {
    routes.push({
      name: TWILIO_ROUTE,
      sender: twilioSender,
      limiter: { max: config.TWILIO_MAX_PER_SECOND, durationMs: 1000 },
    });
  }
  const gateways = smpp?.gateways ?? [];
  for (const gateway of gateways) {
    // The route's own sender always uses its bind: the router already chose it, fallback included, at enqueue time.
    const sender = new SmppSender({ gateways: [gateway], fallback: gateway.name, unicode: config.SMS_UNICODE });
    routes.push({
      name: smppRoute(gateway.name),
      sender,
      limiter: { max: gateway.tps, durationMs: 1000 },
      // Sent but not yet stored is at most what the SMSC may hold unanswered: a crash resends no more than a window.
      inFlight: gateway.window,
    });
  }
  const router = new PrefixRouter(gateways, smpp?.fallback);

  return {
    channel: SMS_CHANNEL,
    routes,
    routeFor(phone) {
      const gateway = gateways.length > 0 ? router.route(phone, (candidate) => !candidate.isUp) : undefined;
      if (gateway) return smppRoute(gateway.name);
      return twilioSender ? TWILIO_ROUTE : undefined;
    },
    ...(twilio ? { registerWebhooks: (app) => registerTwilioWebhooks(app, runtime, twilio) } : {}),
    async start() {
      for (const gateway of gateways) gateway.start(smppInbox(runtime, gateway.name));
    },
    async close() {
      await Promise.all([...gateways.map((gateway) => gateway.close()), twilioSender?.close()]);
    },
  };
}

/**
 * What a bind delivers, into the service: each sender's MO messages one at a time, stored in the order the SMSC
 * delivered them (a fast typist's answers keep theirs), different senders' side by side; receipts as they come. Each
 * resolves once stored, which is when the gateway tells the SMSC it has it. One chain for the whole bind had taken
 * 54 MO a second (bench/mo): every citizen's SMS waited for everyone's before it.
 */
function smppInbox(runtime: ChannelRuntime, gateway: string): SmppInbox {
  const senders = new Map<string, Promise<unknown>>();
  return {
    async mo(event) {
      const stored = (senders.get(event.externalId) ?? Promise.resolve()).then(() => runtime.ingest(event));
      const settled = stored.catch(() => undefined);
      senders.set(event.externalId, settled);
      // The sender's chain is dropped once its last message is in, so the map holds only those still arriving.
      void settled.then(() => {
        if (senders.get(event.externalId) === settled) senders.delete(event.externalId);
      });
      await stored;
    },
    receipt: (update) =>
      runtime.applyDelivery({ ...update, providerMessageId: smppProviderId(gateway, update.providerMessageId) }),
  };
}
