import type { ChannelModule, ChannelRuntime } from '../channel-module.js';
import { completeWebhook, keepRawJsonBodies } from '../webhook-intake.js';
import { ZALO_CHANNEL, type ZaloSettings, zaloSettingsFromConfig } from './zalo-config.js';
import { createZaloSender, type ZaloSender } from './zalo-sender.js';
import { parseZaloWebhook } from './zalo-webhook.js';
import { createZnsChannel } from './zns-channel.js';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';
// About 4,000 requests a minute per app (unconfirmed in CHANNELS.md); a little under it leaves room for uploads.
const ZALO_SENDS_PER_MINUTE = 3_600;

/** The Zalo Official Account channel, on when ZALO_APP_ID is set; with ZNS templates configured, ZNS too. */
export function createZaloChannels(runtime: ChannelRuntime): ChannelModule[] {
  const settings = zaloSettingsFromConfig(runtime.config);
  if (!settings) return [];
  const sender = createZaloSender(runtime.db, settings);
  const oa = createOaChannel(runtime, settings, sender);
  return Object.keys(runtime.config.ZALO_ZNS_TEMPLATES).length > 0 ? [oa, createZnsChannel(sender)] : [oa];
}

function createOaChannel(runtime: ChannelRuntime, settings: ZaloSettings, sender: ZaloSender): ChannelModule {
  return {
    channel: ZALO_CHANNEL,
    routes: [{ name: ZALO_CHANNEL, sender, limiter: { max: ZALO_SENDS_PER_MINUTE, durationMs: 60_000 } }],
    routeFor: () => ZALO_CHANNEL,
    async registerWebhooks(app) {
      // The signature covers the exact bytes Zalo sent, so this scope keeps the JSON body as a string.
      keepRawJsonBodies(app);
      app.post(ZALO_WEBHOOK_PATH, { schema: { hide: true } }, async (request, reply) =>
        completeWebhook(runtime, reply, parseZaloWebhook(request.headers, String(request.body ?? ''), settings)),
      );
    },
  };
}
