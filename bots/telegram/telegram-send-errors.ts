import { TelegramError } from 'telegraf';
import {
  PermanentSendError,
  RateLimitedError,
  type SendError,
  TransientSendError,
} from '../../core/channels/contract.js';

// Telegram answers 429 with retry_after; this covers the odd answer without it (the per-chat limit is ~1 msg/s).
const DEFAULT_RETRY_AFTER_MS = 1000;

/** Replaces the bot token, and anything shaped like one in a Bot API URL, so it never reaches a log or an error. */
export function redactTelegramToken(text: string, token: string): string {
  const withoutToken = token ? text.replaceAll(token, '[REDACTED]') : text;
  return withoutToken.replace(/\/bot\d+:[A-Za-z0-9_-]+/g, '/bot[REDACTED]');
}

/**
 * Classifies a failed Bot API call: 429 waits for retry_after, a chat that will never accept our messages is a
 * permanent opt-out, other 4xx are permanent, and 5xx or no answer at all are transient.
 * The telegraf error is not kept as `cause`: it carries the request payload (chat id, text) into whatever logs it.
 */
export function toSendError(error: unknown, method: string, messageId: string, token: string): SendError {
  const prefix = `Telegram ${method} for message ${messageId} failed`;
  if (!(error instanceof TelegramError)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new TransientSendError('telegram_unreachable', redactTelegramToken(`${prefix}: ${reason}`, token));
  }
  const message = redactTelegramToken(`${prefix}: ${error.code} ${error.description}`, token);
  const description = error.description.toLowerCase();
  if (error.code === 429) {
    const retryAfter = error.parameters?.retry_after;
    return new RateLimitedError(
      'telegram_rate_limited',
      message,
      retryAfter === undefined ? DEFAULT_RETRY_AFTER_MS : retryAfter * 1000,
    );
  }
  // Every 403 in a private chat means the bot may not write there: blocked, deleted account, never started.
  if (error.code === 403) {
    const code = description.includes('blocked')
      ? 'telegram_blocked'
      : description.includes('deactivated')
        ? 'telegram_user_deactivated'
        : 'telegram_forbidden';
    return new PermanentSendError(code, message, true);
  }
  if (error.code === 400 && description.includes('chat not found')) {
    return new PermanentSendError('telegram_chat_not_found', message, true);
  }
  // A bad or revoked token fails every message alike: retrying lets them through once operators fix the token.
  if (error.code === 401 || error.code === 404) return new TransientSendError('telegram_unauthorized', message);
  if (error.code >= 400 && error.code < 500) return new PermanentSendError('telegram_bad_request', message, false);
  return new TransientSendError('telegram_server_error', message);
}
