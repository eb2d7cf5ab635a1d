import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTwilioInbound, TWILIO_STATUS_PATH } from '../../bots/sms/twilio/twilio-webhook.js';
import { FakeTwilio } from '../peers/fake-twilio.js';
import { INBOUND_PATH, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'webhook-test-auth-token-0123456789';
const OUR_NUMBER = '+15005550006';
const MESSAGE_SID = `SM${'a'.repeat(32)}`;

let fake: FakeTwilio;
let receiver: WebhookReceiver;
beforeAll(async () => {
  fake = await FakeTwilio.start(ACCOUNT_SID, AUTH_TOKEN);
  receiver = await startWebhookReceiver(AUTH_TOKEN);
});
afterAll(async () => {
  await receiver.close();
  await fake.close();
});

const inboundUrl = () => receiver.url + INBOUND_PATH;
const statusUrl = () => receiver.url + TWILIO_STATUS_PATH;
const lastParse = () => receiver.parses.at(-1);

describe('Twilio inbound message webhook', () => {
  it('turns a signed message into an sms event keyed by the E.164 sender, diacritics intact', async () => {
    const answer = await fake.postInbound(inboundUrl(), {
      From: '+84912345678',
      To: OUR_NUMBER,
      Body: 'Có, tôi bị sốt',
      MessageSid: MESSAGE_SID,
    });
    expect(answer.status).toBe(200);
    const parse = lastParse();
    expect(parse).toMatchObject({
      ok: true,
      events: [
        {
          channel: 'sms',
          externalId: '+84912345678',
          providerMessageId: MESSAGE_SID,
          kind: 'message',
          text: 'Có, tôi bị sốt',
        },
      ],
    });
    expect(parse?.ok && parse.events[0]?.receivedAt).toBeInstanceOf(Date);
  });

  it('keeps a foreign E.164 sender as it is', async () => {
    expect((await fake.postInbound(inboundUrl(), { From: '+12025550100', To: OUR_NUMBER, Body: 'hi' })).status).toBe(
      200,
    );
    expect(lastParse()).toMatchObject({ ok: true, events: [{ externalId: '+12025550100' }] });
  });

  it('checks the signature against the public URL, not the address the request reached', async () => {
    const publicUrl = 'https://sms.example.vn';
    const behindProxy = await startWebhookReceiver(AUTH_TOKEN, publicUrl);
    try {
      const fields = { From: '+84912345678', To: OUR_NUMBER, Body: '1' };
      const internal = behindProxy.url + INBOUND_PATH;
      expect((await fake.postInbound(internal, fields, { signedUrl: publicUrl + INBOUND_PATH })).status).toBe(200);
      expect((await fake.postInbound(internal, fields)).status).toBe(403);
    } finally {
      await behindProxy.close();
    }
  });

  const refused = [
    { description: 'a forged signature', options: { signature: 'bm90IGEgc2lnbmF0dXJl' }, reason: 'bad signature' },
    { description: 'no signature', options: { signature: null }, reason: 'missing signature' },
    {
      description: 'a signature for another URL',
      options: { signedUrl: 'https://elsewhere.example/webhooks/twilio/inbound' },
      reason: 'bad signature',
    },
  ];
  it.each(refused)('refuses $description with 403 and no event', async ({ options, reason }) => {
    const answer = await fake.postInbound(inboundUrl(), { From: '+84912345678', To: OUR_NUMBER, Body: 'co' }, options);
    expect(answer).toEqual({ status: 403, body: reason });
  });

  it('refuses a signed request whose params were changed on the way', async () => {
    const params = { AccountSid: ACCOUNT_SID, MessageSid: MESSAGE_SID, From: '+84912345678', To: OUR_NUMBER };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, inboundUrl(), { ...params, Body: 'khong' });
    expect((await fake.postSigned(inboundUrl(), { ...params, Body: 'co' }, { signature })).status).toBe(403);
  });

  const badParams: { description: string; params: Record<string, string> }[] = [
    { description: 'no From', params: { AccountSid: ACCOUNT_SID, MessageSid: MESSAGE_SID, To: OUR_NUMBER, Body: 'x' } },
    {
      description: 'an alphanumeric From',
      params: { AccountSid: ACCOUNT_SID, MessageSid: MESSAGE_SID, From: 'VIETTEL', To: OUR_NUMBER, Body: 'x' },
    },
    {
      description: 'no MessageSid',
      params: { AccountSid: ACCOUNT_SID, From: '+84912345678', To: OUR_NUMBER, Body: 'x' },
    },
  ];
  it.each(badParams)('answers 400 to a signed message with $description', async ({ params }) => {
    const answer = await fake.postSigned(inboundUrl(), params);
    expect(answer.status).toBe(400);
    // The reason may reach logs: it names fields, never the number.
    expect(answer.body).not.toContain('912345678');
  });

  it('reads the signature header whatever its case', () => {
    const params = { AccountSid: ACCOUNT_SID, MessageSid: MESSAGE_SID, From: '+84912345678', To: OUR_NUMBER, Body: '' };
    const url = `https://sms.example.vn${INBOUND_PATH}?campaign=a%20b`;
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    const path = `${INBOUND_PATH}?campaign=a%20b`;
    const parse = parseTwilioInbound(
      { 'X-Twilio-Signature': signature },
      params,
      'https://sms.example.vn/',
      AUTH_TOKEN,
      path,
    );
    expect(parse).toMatchObject({ ok: true, events: [{ text: '' }] });
  });
});

describe('Twilio status callback', () => {
  const cases = [
    { MessageStatus: 'queued', expected: [{ status: 'sent' }] },
    { MessageStatus: 'sending', expected: [{ status: 'sent' }] },
    { MessageStatus: 'sent', expected: [{ status: 'sent' }] },
    { MessageStatus: 'delivered', expected: [{ status: 'delivered' }] },
    { MessageStatus: 'failed', ErrorCode: '30006', expected: [{ status: 'failed', error: '30006' }] },
    { MessageStatus: 'undelivered', ErrorCode: '30003', expected: [{ status: 'failed', error: '30003' }] },
    { MessageStatus: 'receiving', expected: [] },
  ];
  it.each(cases)('maps $MessageStatus', async ({ MessageStatus, ErrorCode, expected }) => {
    const fields = { MessageSid: MESSAGE_SID, MessageStatus, ...(ErrorCode ? { ErrorCode } : {}) };
    expect((await fake.postStatus(statusUrl(), fields)).status).toBe(200);
    const deliveries = expected.map((update) => ({ channel: 'sms', providerMessageId: MESSAGE_SID, ...update }));
    expect(lastParse()).toEqual({ ok: true, events: [], deliveries });
  });

  it('refuses a forged status callback with 403', async () => {
    const fields = { MessageSid: MESSAGE_SID, MessageStatus: 'delivered' };
    expect((await fake.postStatus(statusUrl(), fields, { signature: 'Zm9yZ2Vk' })).status).toBe(403);
    expect((await fake.postStatus(statusUrl(), fields, { signature: null })).status).toBe(403);
  });

  it('answers 400 to a signed callback without a MessageStatus', async () => {
    expect((await fake.postSigned(statusUrl(), { AccountSid: ACCOUNT_SID, MessageSid: MESSAGE_SID })).status).toBe(400);
  });
});
