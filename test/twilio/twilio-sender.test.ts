import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioSmsConfig } from '../../bots/sms/twilio/twilio-config.js';
import { TwilioSmsSender } from '../../bots/sms/twilio/twilio-sender.js';
import {
  type OutboundMessage,
  PermanentSendError,
  RateLimitedError,
  type SendError,
  TransientSendError,
} from '../../core/channels/contract.js';
import { renderSms } from '../../core/channels/sms-render.js';
import { FakeTwilio, type TwilioFailure, type TwilioFailureOptions } from '../peers/fake-twilio.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'sender-test-auth-token-9876543210';
const FROM = '+15005550006';
const SERVICE_SID = `MG${'3'.repeat(32)}`;

let fake: FakeTwilio;
let receiver: WebhookReceiver;
const senders: TwilioSmsSender[] = [];
beforeAll(async () => {
  fake = await FakeTwilio.start(ACCOUNT_SID, AUTH_TOKEN);
  receiver = await startWebhookReceiver(AUTH_TOKEN);
});
afterAll(async () => {
  for (const sender of senders) await sender.close();
  await receiver.close();
  await fake.close();
});

function senderWith(overrides: Partial<TwilioSmsConfig> = {}): TwilioSmsSender {
  const config = {
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: FROM,
    publicUrl: receiver.url,
    apiBase: fake.baseUrl,
    unicode: false,
    ...overrides,
  };
  const sender = new TwilioSmsSender(config);
  senders.push(sender);
  return sender;
}

let sequence = 0;
function message(recipient: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  sequence += 1;
  return { messageId: `msg-${sequence}`, recipient, text: 'Hôm nay bạn có bị sốt không?', ...extra };
}

const recordedFor = (to: string) => fake.requests.filter((request) => request.form.To === to);
const sendError = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the send should have failed'),
    (error: unknown) => error as SendError,
  );

describe('TwilioSmsSender through the SDK', () => {
  it('sends the folded text with numbered choices from our number, with a status callback', async () => {
    const choices = [
      { value: 'yes', label: 'Có' },
      { value: 'no', label: 'Không' },
    ];
    const receipt = await senderWith().send(message('0912 345 601', { choices }));
    const [recorded] = recordedFor('+84912345601');
    expect(recorded?.authorized).toBe(true);
    expect(recorded?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(recorded?.form).toEqual({
      To: '+84912345601',
      From: FROM,
      Body: 'Hom nay ban co bi sot khong?\n1. Co  2. Khong',
      StatusCallback: `${receiver.url}/webhooks/twilio/status`,
    });
    expect(receipt).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), parts: 1 });
  });

  it('sends through a Messaging Service instead of a From number', async () => {
    await senderWith({ messagingServiceSid: SERVICE_SID }).send(message('+84912345602'));
    const [recorded] = recordedFor('+84912345602');
    expect(recorded?.form.MessagingServiceSid).toBe(SERVICE_SID);
    expect(recorded?.form.From).toBeUndefined();
  });

  it('sends no StatusCallback without a public URL', async () => {
    await senderWith({ publicUrl: undefined }).send(message('+84912345603'));
    expect(recordedFor('+84912345603')[0]?.form.StatusCallback).toBeUndefined();
  });

  it('keeps diacritics with unicode and reports the parts Twilio counted', async () => {
    const long = message('+84912345604', { text: 'Cảnh báo dịch tễ: '.repeat(6) });
    const receipt = await senderWith({ unicode: true }).send(long);
    expect(recordedFor('+84912345604')[0]?.form.Body).toBe(renderSms(long, true).text);
    expect(receipt.parts).toBe(renderSms(long, true).segments);
    expect(receipt.parts).toBeGreaterThan(1);
  });

  it('answers a delivery report end to end: Twilio posts to the StatusCallback it was given', async () => {
    const receipt = await senderWith().send(message('+84912345605'));
    const callback = recordedFor('+84912345605')[0]?.form.StatusCallback ?? '';
    const fields = { MessageSid: receipt.providerMessageId, MessageStatus: 'delivered' };
    expect((await fake.postStatus(callback, fields)).status).toBe(200);
    expect(receiver.parses.at(-1)).toEqual({
      ok: true,
      events: [],
      deliveries: [{ channel: 'sms', providerMessageId: receipt.providerMessageId, status: 'delivered' }],
    });
  });

  it('sends to a foreign E.164 number as it is', async () => {
    await senderWith().send(message('+12025550123'));
    expect(recordedFor('+12025550123')).toHaveLength(1);
  });
});

describe('TwilioSmsSender errors', () => {
  interface ErrorCase {
    description: string;
    to: string;
    failure: TwilioFailure;
    options?: TwilioFailureOptions;
    kind: typeof PermanentSendError | typeof RateLimitedError | typeof TransientSendError;
    expected: Record<string, unknown>;
  }
  const cases: ErrorCase[] = [
    {
      description: '21211 invalid number is permanent',
      to: '+84912345611',
      failure: 'invalid_number',
      kind: PermanentSendError,
      expected: { code: 'invalid_number', optOut: false },
    },
    {
      description: '21614 not a mobile number is permanent',
      to: '+84912345612',
      failure: 'not_mobile',
      kind: PermanentSendError,
      expected: { code: 'invalid_number', optOut: false },
    },
    {
      description: '21610 unsubscribed recipient is permanent and an opt-out',
      to: '+84912345613',
      failure: 'unsubscribed',
      kind: PermanentSendError,
      expected: { code: 'unsubscribed', optOut: true },
    },
    {
      description: '429 / 20429 waits for Retry-After',
      to: '+84912345614',
      failure: 'rate_limited',
      options: { retryAfter: '7' },
      kind: RateLimitedError,
      expected: { code: 'rate_limited', retryAfterMs: 7000 },
    },
    {
      description: '429 without Retry-After waits 1 s',
      to: '+84912345615',
      failure: 'rate_limited',
      options: { retryAfter: null },
      kind: RateLimitedError,
      expected: { code: 'rate_limited', retryAfterMs: 1000 },
    },
    {
      description: '500 is transient',
      to: '+84912345616',
      failure: 'server_error',
      kind: TransientSendError,
      expected: { code: 'provider_error' },
    },
  ];
  it.each(cases)('$description', async ({ to, failure, options, kind, expected }) => {
    fake.failFor(to, failure, options);
    const error = await sendError(senderWith().send(message(to)));
    expect(error).toBeInstanceOf(kind);
    expect(error).toMatchObject(expected);
    // Twilio's own message names the number; ours shows only its last three digits.
    expect(error.message).not.toContain(to.slice(3));
    expect(error.message).toContain(to.slice(-3));
  });

  it('treats rejected credentials as transient and never shows the token', async () => {
    const wrongToken = 'wrong-token-that-must-not-leak';
    const error = await sendError(senderWith({ authToken: wrongToken }).send(message('+84912345621')));
    expect(error).toBeInstanceOf(TransientSendError);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).not.toContain(wrongToken);
    expect(recordedFor('+84912345621')[0]?.authorized).toBe(false);
  });

  it('treats an unreachable API as a transient network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await sendError(senderWith({ apiBase: `http://127.0.0.1:${port}` }).send(message('+84912345622')));
    expect(error).toBeInstanceOf(TransientSendError);
    expect(error).toMatchObject({ code: 'network' });
    expect(error.message).not.toContain(AUTH_TOKEN);
  });

  it('refuses a recipient that is not a phone number without calling Twilio', async () => {
    const before = fake.requests.length;
    const error = await sendError(senderWith().send(message('zalo-user-42')));
    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error).toMatchObject({ code: 'invalid_number', optOut: false });
    expect(fake.requests).toHaveLength(before);
  });
});
