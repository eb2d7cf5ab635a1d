import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramSender } from '../../bots/telegram/telegram-sender.js';
import {
  type OutboundMessage,
  PermanentSendError,
  RateLimitedError,
  type SendError,
  TransientSendError,
} from '../../core/channels/contract.js';
import { type FakeFailure, type FakeTelegram, startFakeTelegram } from '../peers/fake-telegram.js';

const TOKEN = '123456:AAH-secret_part-of-the-token';
const TOKEN_SECRET = 'AAH-secret_part-of-the-token';
// A 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let fake: FakeTelegram;
let sender: TelegramSender;
let messageCount = 0;

function message(fields: Partial<OutboundMessage>): OutboundMessage {
  messageCount += 1;
  return { messageId: `msg-${messageCount}`, recipient: '42', text: 'Xin chào', ...fields };
}

async function sendError(send: Promise<unknown>): Promise<SendError> {
  const error = await send.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Error);
  return error as SendError;
}

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
  sender = new TelegramSender({ token: TOKEN, apiRoot: fake.apiRoot });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.calls.length = 0;
});

describe('TelegramSender', () => {
  it('sends a text message to the chat and removes any stale reply keyboard', async () => {
    const receipt = await sender.send(message({ text: 'Xin chào bà Lan' }));
    expect(fake.calls).toEqual([
      {
        method: 'sendMessage',
        body: { chat_id: '42', text: 'Xin chào bà Lan', reply_markup: { remove_keyboard: true } },
        files: [],
      },
    ]);
    expect(receipt).toEqual({ providerMessageId: expect.stringMatching(/^42:\d+$/), parts: 1 });
  });

  it('renders choices as an inline keyboard whose callback data is the label, cut to 64 bytes', async () => {
    const long = 'Tôi đã tiêm đủ hai mũi vắc xin và không có triệu chứng gì cả';
    await sender.send(
      message({
        text: 'Bạn có sốt không?',
        choices: [
          { value: 'yes', label: 'Có' },
          { value: 'vaccinated', label: long },
        ],
      }),
    );
    // 80 bytes of UTF-8: cut after 64 bytes, at a character boundary.
    expect(fake.calls[0]?.body.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Có', callback_data: 'Có' }],
        [{ text: long, callback_data: 'Tôi đã tiêm đủ hai mũi vắc xin và không có triệu ' }],
      ],
    });
  });

  it('offers a one-time reply keyboard, and always uses one for the share-phone button', async () => {
    const replySender = new TelegramSender({ token: TOKEN, apiRoot: fake.apiRoot, keyboard: 'reply' });
    await replySender.send(message({ choices: [{ value: 'yes', label: 'Có' }] }));
    await sender.send(
      message({
        choices: [
          { value: '__share_phone__', label: 'Gửi số điện thoại' },
          { value: 'skip', label: 'Bỏ qua' },
        ],
      }),
    );
    const keyboard = { resize_keyboard: true, one_time_keyboard: true };
    expect(fake.calls.map((call) => call.body.reply_markup)).toEqual([
      { keyboard: [[{ text: 'Có' }]], ...keyboard },
      { keyboard: [[{ text: 'Gửi số điện thoại', request_contact: true }], [{ text: 'Bỏ qua' }]], ...keyboard },
    ]);
  });

  it('splits a 5,000-character text into two messages at a word, keyboard on the last', async () => {
    const text = `${'nguy cơ '.repeat(624)}cao nhé!`;
    expect(text).toHaveLength(5000);
    const receipt = await sender.send(message({ text, choices: [{ value: 'ok', label: 'Đã hiểu' }] }));
    expect(receipt.parts).toBe(2);
    const sent = fake.calls.map((call) => call.body);
    expect(sent.map((body) => (body.text as string).length)).toEqual([4095, 904]);
    expect(sent.map((body) => body.text).join(' ')).toBe(text);
    expect(sent[0]?.reply_markup).toBeUndefined();
    expect(sent[1]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Đã hiểu', callback_data: 'Đã hiểu' }]] });
  });

  it('uploads an image with sendPhoto and the text as its caption', async () => {
    await sender.send(message({ text: 'Mã QR khai báo của bạn', image: { pngBase64: PNG, alt: 'QR' } }));
    expect(fake.calls).toEqual([
      {
        method: 'sendPhoto',
        body: expect.objectContaining({ chat_id: '42', caption: 'Mã QR khai báo của bạn' }),
        files: [{ field: 'photo', filename: 'image.png', bytes: Buffer.from(PNG, 'base64').length }],
      },
    ]);
  });

  it('sends the photo first and the text after it when the text is too long for a caption', async () => {
    const text = 'x'.repeat(1025);
    const receipt = await sender.send(message({ text, image: { pngBase64: PNG, alt: 'QR' } }));
    expect(fake.calls.map((call) => [call.method, call.body.caption, call.body.text])).toEqual([
      ['sendPhoto', undefined, undefined],
      ['sendMessage', undefined, text],
    ]);
    expect(receipt.parts).toBe(2);
  });

  const failures: { description: string; failure: FakeFailure; check(error: SendError): void }[] = [
    {
      description: '429 waits for retry_after',
      failure: { error_code: 429, retry_after: 3 },
      check: (error) => {
        expect(error).toBeInstanceOf(RateLimitedError);
        expect((error as RateLimitedError).retryAfterMs).toBe(3000);
      },
    },
    {
      description: '403 blocked is a permanent opt-out',
      failure: { error_code: 403 },
      check: (error) => {
        expect(error).toBeInstanceOf(PermanentSendError);
        expect(error).toMatchObject({ code: 'telegram_blocked', optOut: true });
      },
    },
    {
      description: '403 deactivated is a permanent opt-out',
      failure: { error_code: 403, description: 'Forbidden: user is deactivated' },
      check: (error) => expect(error).toMatchObject({ code: 'telegram_user_deactivated', optOut: true }),
    },
    {
      description: '400 chat not found is a permanent opt-out',
      failure: { error_code: 400 },
      check: (error) =>
        expect(error).toMatchObject({ kind: 'permanent', code: 'telegram_chat_not_found', optOut: true }),
    },
    {
      description: 'another 400 is permanent for this message only',
      failure: { error_code: 400, description: "Bad Request: can't parse entities" },
      check: (error) => expect(error).toMatchObject({ kind: 'permanent', code: 'telegram_bad_request', optOut: false }),
    },
    {
      description: '500 is transient',
      failure: { error_code: 500 },
      check: (error) => {
        expect(error).toBeInstanceOf(TransientSendError);
        expect(error.code).toBe('telegram_server_error');
      },
    },
  ];

  it.each(failures)('$description, and the error never shows the token', async ({ failure, check }) => {
    fake.failNext('42', failure);
    const error = await sendError(sender.send(message({})));
    check(error);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(TOKEN_SECRET);
    // The failure is used up: the retry goes through.
    await expect(sender.send(message({}))).resolves.toMatchObject({ parts: 1 });
  });

  it('treats an unreachable API as transient without leaking the token from the request URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const offline = new TelegramSender({ token: TOKEN, apiRoot: `http://127.0.0.1:${port}` });
    const error = await sendError(offline.send(message({})));
    expect(error).toMatchObject({ kind: 'transient', code: 'telegram_unreachable' });
    expect(`${error.message} ${error.stack}`).not.toContain(TOKEN_SECRET);
  });

  it('reports a rejected token as transient (fixable by operators), without the token', async () => {
    const wrongToken = '123456:revoked-token-value';
    const revoked = new TelegramSender({ token: wrongToken, apiRoot: fake.apiRoot });
    const error = await sendError(revoked.send(message({})));
    expect(error).toMatchObject({ kind: 'transient', code: 'telegram_unauthorized' });
    expect(error.message).not.toContain('revoked-token-value');
    expect(fake.calls).toEqual([]);
  });
});
