import pino, { type Logger } from 'pino';
import type { Config } from '../config/env.js';
import { maskPhonesInText } from './mask-phones.js';

/** JSON logs; secrets are redacted by path and phone numbers masked wherever they appear. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-telegram-bot-api-secret-token"]',
        'req.headers["x-zevent-signature"]',
        'req.headers["x-twilio-signature"]',
        '*.token',
        '*.password',
        '*.accessToken',
        '*.refreshToken',
      ],
      censor: '[redacted]',
    },
    formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
  });
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhonesInText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  // Serialized requests, errors and other class instances keep their shape; only plain data is rewritten.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item, depth + 1)]));
}
