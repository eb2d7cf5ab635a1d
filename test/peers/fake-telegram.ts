import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeUpload, readBotApiParameters } from './fake-telegram-request.js';

export type { FakeUpload } from './fake-telegram-request.js';

/**
 * A Bot API server on loopback for tests and demos: `/bot<token>/<method>` with JSON, form or multipart bodies (as
 * telegraf sends them), answering like Telegram does, including its error bodies and HTTP statuses.
 */

export interface FakeTelegramCall {
  method: string;
  /** Parameters as Telegram reads them: JSON-valued form fields (reply_markup, allowed_updates) decoded. */
  body: Record<string, unknown>;
  files: FakeUpload[];
}

export type FakeFailure =
  | { error_code: 429; retry_after: number }
  | { error_code: 400 | 403 | 500; description?: string };

export interface FakeTelegram {
  apiRoot: string;
  calls: FakeTelegramCall[];
  /** The next call addressed to this chat fails like this. */
  failNext(chatId: number | string, failure: FakeFailure): void;
  /** The webhook registered with setWebhook, where Telegram would deliver updates. */
  webhook(): { url: string; secret?: string } | undefined;
  close(): Promise<void>;
}

export interface FakeTelegramOptions {
  token: string;
  /** Bind address, 127.0.0.1 unless given. */
  host?: string;
  port?: number;
  /** Called after each call is recorded (the demo CLI prints them). */
  onCall?: (call: FakeTelegramCall) => void;
}

interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after: number };
}

class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.description);
  }
}

const DEFAULT_DESCRIPTIONS: Record<400 | 403 | 500, string> = {
  400: 'Bad Request: chat not found',
  403: 'Forbidden: bot was blocked by the user',
  500: 'Internal Server Error',
};

export async function startFakeTelegram(options: FakeTelegramOptions): Promise<FakeTelegram> {
  const botId = Number(options.token.split(':')[0]);
  const calls: FakeTelegramCall[] = [];
  const failures = new Map<string, FakeFailure[]>();
  let webhook: { url: string; secret?: string; allowedUpdates?: unknown } | undefined;
  let nextMessageId = 1;

  const bot = { id: botId, is_bot: true, first_name: 'Fake Telegram', username: 'fake_telegram_bot' };
  const sent = (body: Record<string, unknown>, content: Record<string, unknown>) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: Number(body.chat_id), type: 'private' },
    from: bot,
    ...content,
  });

  const methods: Record<string, (body: Record<string, unknown>, files: FakeUpload[]) => unknown> = {
    getMe: () => ({
      ...bot,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    }),
    sendMessage: (body) => {
      requireChat(body);
      const text = typeof body.text === 'string' ? body.text : '';
      if (text.trim() === '') throw badRequest('message text is empty');
      if (text.length > 4096) throw badRequest('message is too long');
      checkCallbackData(body.reply_markup);
      return sent(body, { text });
    },
    sendPhoto: (body, files) => {
      requireChat(body);
      const photo = files.find((file) => file.field === 'photo');
      if (!photo && typeof body.photo !== 'string') throw badRequest('there is no photo in the request');
      const caption = typeof body.caption === 'string' ? body.caption : undefined;
      if (caption && caption.length > 1024) throw badRequest('message caption is too long');
      checkCallbackData(body.reply_markup);
      const size = { file_id: `photo-${nextMessageId}`, file_unique_id: `p${nextMessageId}`, width: 512, height: 512 };
      return sent(body, { photo: [{ ...size, file_size: photo?.bytes ?? 0 }], ...(caption ? { caption } : {}) });
    },
    setWebhook: (body) => {
      if (typeof body.url !== 'string' || !URL.canParse(body.url)) throw badRequest('bad webhook: invalid URL');
      const secret = body.secret_token;
      if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
        throw badRequest('secret token contains unallowed characters');
      }
      webhook = { url: body.url, allowedUpdates: body.allowed_updates, ...(secret ? { secret } : {}) };
      return true;
    },
    deleteWebhook: () => {
      webhook = undefined;
      return true;
    },
    getWebhookInfo: () => ({
      url: webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: 0,
      ...(Array.isArray(webhook?.allowedUpdates) ? { allowed_updates: webhook.allowedUpdates } : {}),
    }),
  };

  const server = createServer(async (request, response) => {
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(request.url ?? '/', 'http://fake').pathname);
    if (!route || route[1] !== options.token) {
      return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = route[2] ?? '';
    // hasOwn: "toString" and friends are not Bot API methods.
    const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!handler) return reply(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    try {
      const parameters = await readBotApiParameters(request).catch(() => {
        throw badRequest("can't parse JSON object");
      });
      const call = { method, ...parameters };
      calls.push(call);
      options.onCall?.(call);
      const failure = failures.get(String(call.body.chat_id))?.shift();
      if (failure) throw new ApiError(apiFailure(failure));
      reply(200, { ok: true, result: handler(call.body, call.files) });
    } catch (error) {
      // A bug in the fake answers 500 rather than crashing the test process with an unhandled rejection.
      const failure = error instanceof ApiError ? error.failure : { error_code: 500, description: String(error) };
      reply(failure.error_code, { ok: false, ...failure });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  // Bound to every interface, the fake is reached on loopback; otherwise on the address it is bound to.
  const host =
    address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;

  return {
    apiRoot: `http://${host}:${port}`,
    calls,
    failNext(chatId, failure) {
      const queue = failures.get(String(chatId)) ?? [];
      failures.set(String(chatId), [...queue, failure]);
    },
    webhook: () => webhook && { url: webhook.url, ...(webhook.secret ? { secret: webhook.secret } : {}) },
    async close() {
      // telegraf keeps connections alive; without this, close() waits for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** POSTs an update to a webhook the way Telegram does, secret token header included. */
export async function deliverUpdate(
  webhookUrl: string,
  update: object,
  secret?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify(update),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: response.status, body: text };
  }
}

function apiFailure(failure: FakeFailure): ApiFailure {
  if (failure.error_code === 429) {
    const seconds = failure.retry_after;
    return {
      error_code: 429,
      description: `Too Many Requests: retry after ${seconds}`,
      parameters: { retry_after: seconds },
    };
  }
  return {
    error_code: failure.error_code,
    description: failure.description ?? DEFAULT_DESCRIPTIONS[failure.error_code],
  };
}

function badRequest(reason: string): ApiError {
  return new ApiError({ error_code: 400, description: `Bad Request: ${reason}` });
}

function requireChat(body: Record<string, unknown>): void {
  if (body.chat_id === undefined || body.chat_id === '') throw badRequest('chat_id is empty');
}

function checkCallbackData(markup: unknown): void {
  const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
  for (const button of rows.flat()) {
    if (Buffer.byteLength(button.callback_data ?? '', 'utf8') > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
}
