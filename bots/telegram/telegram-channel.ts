import { ConfigError } from '../../core/config/env.js';
import type { ChannelModule, ChannelRuntime } from '../channel-module.js';
import { completeWebhook } from '../webhook-intake.js';
import { TELEGRAM_CHANNEL } from './telegram-render.js';
import { TelegramSender } from './telegram-sender.js';
import { parseTelegramWebhook, telegramWebhookAnswer } from './telegram-webhook.js';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
// Telegram allows about 30 messages a second across chats to one bot.
const TELEGRAM_SENDS_PER_SECOND = 30;

/** The Telegram bot channel (webhook mode), on when TELEGRAM_BOT_TOKEN is set. */
export function createTelegramChannel(runtime: ChannelRuntime): ChannelModule | undefined {
  const { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_API_ROOT: apiRoot } = runtime.config;
  if (!token) return undefined;
  if (!secret)
    throw new ConfigError(
      'TELEGRAM_BOT_TOKEN is set but TELEGRAM_WEBHOOK_SECRET is not: webhooks would be unverifiable',
    );
  const sender = new TelegramSender({ token, apiRoot, keyboard: runtime.config.TELEGRAM_KEYBOARD });
  return {
    channel: TELEGRAM_CHANNEL,
    routes: [{ name: TELEGRAM_CHANNEL, sender, limiter: { max: TELEGRAM_SENDS_PER_SECOND, durationMs: 1000 } }],
    routeFor: () => TELEGRAM_CHANNEL,
    async registerWebhooks(app) {
      app.post(TELEGRAM_WEBHOOK_PATH, { schema: { hide: true } }, async (request, reply) => {
        // A tapped inline button spins until answered; answering in the webhook response costs no extra request.
        const answer = telegramWebhookAnswer(request.body);
        const success = { contentType: 'application/json', body: JSON.stringify(answer ?? { ok: true }) };
        return completeWebhook(runtime, reply, parseTelegramWebhook(request.headers, request.body, secret), success);
      });
    },
  };
}
