import { pathToFileURL } from 'node:url';
import { Telegraf } from 'telegraf';
import type { WebhookInfo } from 'telegraf/types';
import { type Config, ConfigError, loadConfig } from '../../core/config/env.js';
import { redactTelegramToken } from './telegram-send-errors.js';

type WebhookConfig = Pick<
  Config,
  'PUBLIC_URL' | 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_API_ROOT'
>;

/** Updates the service handles; anything else Telegram would only deliver to be ignored. */
const TELEGRAM_ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Registers `${PUBLIC_URL}/webhooks/telegram` with its secret token and returns what Telegram now reports. */
export async function setTelegramWebhook(config: WebhookConfig): Promise<WebhookInfo> {
  const { PUBLIC_URL: publicUrl, TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: secret } = config;
  if (!publicUrl || !token || !secret) {
    const missing = Object.entries({
      PUBLIC_URL: publicUrl,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_SECRET: secret,
    })
      .filter(([, value]) => !value)
      .map(([name]) => name);
    throw new ConfigError(`Cannot set the Telegram webhook: ${missing.join(', ')} must be set`);
  }
  const telegram = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false } })
    .telegram;
  const url = `${publicUrl.replace(/\/+$/, '')}/webhooks/telegram`;
  try {
    await telegram.setWebhook(url, {
      secret_token: secret,
      allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
      // Messages people sent while no webhook was set are still owed an answer.
      drop_pending_updates: false,
    });
    return await telegram.getWebhookInfo();
  } catch (error) {
    throw new Error(
      redactTelegramToken(`setWebhook failed: ${error instanceof Error ? error.message : String(error)}`, token),
    );
  }
}

function describe(info: WebhookInfo): string {
  const lines = [
    `Telegram webhook set to ${info.url}`,
    `  allowed updates: ${(info.allowed_updates ?? []).join(', ') || 'all'}`,
    `  pending updates: ${info.pending_update_count}`,
  ];
  if (info.last_error_message) lines.push(`  last delivery error: ${info.last_error_message}`);
  return `${lines.join('\n')}\n`;
}

// `npm run telegram:set-webhook`; importing this file (tests) runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(describe(await setTelegramWebhook(loadConfig())));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
