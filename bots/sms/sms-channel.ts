import type { ChannelModule, ChannelRuntime } from '../channel-module.js';
import { twilioSmsConfigFrom } from './twilio/twilio-config.js';
import { registerTwilioWebhooks } from './twilio/twilio-routes.js';
import { TwilioSmsSender } from './twilio/twilio-sender.js';
import { SMS_CHANNEL } from './twilio/twilio-webhook.js';

/** Two-way SMS: through Twilio when TWILIO_* is set. */
export function createSmsChannel(runtime: ChannelRuntime): ChannelModule | undefined {
  const twilio = twilioSmsConfigFrom(runtime.config);
  if (!twilio) return undefined;
  const sender = new TwilioSmsSender(twilio);
  return {
    channel: SMS_CHANNEL,
    routes: [{ name: 'twilio', sender, limiter: { max: runtime.config.TWILIO_MAX_PER_SECOND, durationMs: 1000 } }],
    routeFor: () => 'twilio',
    registerWebhooks: (app) => registerTwilioWebhooks(app, runtime, twilio),
    close: () => sender.close(),
  };
}
