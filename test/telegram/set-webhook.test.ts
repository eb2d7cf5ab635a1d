import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setTelegramWebhook } from '../../bots/telegram/set-webhook.js';
import { ConfigError, parseConfig } from '../../core/config/env.js';
import { type FakeTelegram, startFakeTelegram } from '../peers/fake-telegram.js';

const TOKEN = '654321:set-webhook-token_value';
const SECRET = 'hook_secret-1';
const run = promisify(execFile);

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.calls.length = 0;
});

const env = (overrides: Record<string, string> = {}) => ({
  PUBLIC_URL: 'https://bot.example.gov.vn/',
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_WEBHOOK_SECRET: SECRET,
  TELEGRAM_API_ROOT: fake.apiRoot,
  ...overrides,
});

describe('setTelegramWebhook', () => {
  it('registers /webhooks/telegram under PUBLIC_URL with the secret and the updates we handle', async () => {
    const info = await setTelegramWebhook(parseConfig(env()));
    expect(fake.calls[0]).toEqual({
      method: 'setWebhook',
      body: {
        url: 'https://bot.example.gov.vn/webhooks/telegram',
        secret_token: SECRET,
        allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        drop_pending_updates: false,
      },
      files: [],
    });
    expect(info).toMatchObject({
      url: 'https://bot.example.gov.vn/webhooks/telegram',
      allowed_updates: ['message', 'callback_query', 'my_chat_member'],
    });
    expect(fake.webhook()).toEqual({ url: 'https://bot.example.gov.vn/webhooks/telegram', secret: SECRET });
  });

  it('names every missing variable', async () => {
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
    const failure = setTelegramWebhook(config);
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow('PUBLIC_URL, TELEGRAM_WEBHOOK_SECRET must be set');
    expect(fake.calls).toEqual([]);
  });

  it('reports a refused token without showing it', async () => {
    const wrong = '654321:not-the-right-token';
    const error = await setTelegramWebhook(parseConfig(env({ TELEGRAM_BOT_TOKEN: wrong }))).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('setWebhook failed: 401: Unauthorized');
  });

  it('runs as a command that prints what Telegram reports, and exits 1 on missing configuration', async () => {
    const command = ['--import', 'tsx', 'bots/telegram/set-webhook.ts'];
    const { stdout } = await run(process.execPath, command, { env: { ...process.env, ...env() } });
    expect(stdout).toContain('Telegram webhook set to https://bot.example.gov.vn/webhooks/telegram');
    expect(stdout).toContain('allowed updates: message, callback_query, my_chat_member');

    const missing = run(process.execPath, command, { env: { ...process.env, ...env({ PUBLIC_URL: '' }) } });
    await expect(missing).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('PUBLIC_URL must be set') });
  });
});
