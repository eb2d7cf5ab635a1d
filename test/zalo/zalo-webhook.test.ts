import { describe, expect, it } from 'vitest';
import { parseZaloWebhook } from '../../bots/zalo/zalo-webhook.js';
import { signEvent } from '../peers/fake-zalo.js';

const APP_ID = '2074138120372622546';
const SECRET = 'oa-secret-key-for-tests';
const config = { appId: APP_ID, oaSecretKey: SECRET };
const TIMESTAMP = '1700000000000';
const AT = new Date(Number(TIMESTAMP));

function zaloEvent(eventName: string, fields: object = {}): Record<string, unknown> {
  return {
    app_id: APP_ID,
    sender: { id: 'user-1' },
    recipient: { id: 'oa-1' },
    user_id_by_app: 'app-user-1',
    event_name: eventName,
    timestamp: TIMESTAMP,
    ...fields,
  };
}

const textEvent = zaloEvent('user_send_text', { message: { text: 'Xin chào', msg_id: 'msg-1' } });
const rawText = JSON.stringify(textEvent);
const mac = signEvent(rawText, APP_ID, SECRET);

describe('Zalo webhook signature', () => {
  const otherApp = JSON.stringify({ ...textEvent, app_id: '999' });
  const cases = [
    { description: 'valid with the mac= prefix', raw: rawText, signature: mac, status: 200 },
    { description: 'valid without the prefix', raw: rawText, signature: mac.slice(4), status: 200 },
    { description: 'valid in upper-case hex', raw: rawText, signature: mac.slice(4).toUpperCase(), status: 200 },
    { description: 'tampered body', raw: rawText.replace('Xin chào', 'Xin chao'), signature: mac, status: 401 },
    { description: 'wrong secret', raw: rawText, signature: signEvent(rawText, APP_ID, 'other-secret'), status: 401 },
    {
      description: 'signed for another app id',
      raw: rawText,
      signature: signEvent(rawText, '999', SECRET),
      status: 401,
    },
    { description: 'body of another app', raw: otherApp, signature: signEvent(otherApp, APP_ID, SECRET), status: 401 },
    {
      description: 'another app, signed for it',
      raw: otherApp,
      signature: signEvent(otherApp, '999', SECRET),
      status: 401,
    },
    { description: 'missing header', raw: rawText, signature: undefined, status: 401 },
    { description: 'empty header', raw: rawText, signature: '', status: 401 },
    { description: 'not hex', raw: rawText, signature: `mac=${'z'.repeat(64)}`, status: 401 },
    { description: 'body not JSON', raw: '{"app_id":', signature: mac, status: 400 },
    {
      description: 'no timestamp',
      raw: JSON.stringify({ ...textEvent, timestamp: undefined }),
      signature: mac,
      status: 400,
    },
  ];

  it.each(cases)('$description → $status', ({ raw, signature, status }) => {
    const headers = signature === undefined ? {} : { 'x-zevent-signature': signature };
    const parsed = parseZaloWebhook(headers, raw, config);
    expect(parsed.ok ? 200 : parsed.status).toBe(status);
  });

  it('finds the header whatever its case', () => {
    expect(parseZaloWebhook({ 'X-ZEvent-Signature': mac }, rawText, config).ok).toBe(true);
  });

  it('refuses a correctly signed event of a known kind with missing fields', () => {
    const raw = JSON.stringify(zaloEvent('user_send_text', { message: { text: 'no id' } }));
    expect(parseZaloWebhook({ 'x-zevent-signature': signEvent(raw, APP_ID, SECRET) }, raw, config)).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe('Zalo webhook events', () => {
  const base = { channel: 'zalo', externalId: 'user-1', receivedAt: AT };
  const cases = [
    {
      description: 'user_send_text',
      event: textEvent,
      events: [{ ...base, kind: 'message', text: 'Xin chào', providerMessageId: 'msg-1' }],
    },
    {
      description: 'user_send_image with a caption',
      event: zaloEvent('user_send_image', {
        message: {
          text: 'thẻ tiêm',
          msg_id: 'msg-2',
          attachments: [{ type: 'image', payload: { url: 'https://x/y.jpg' } }],
        },
      }),
      events: [{ ...base, kind: 'message', text: 'thẻ tiêm', providerMessageId: 'msg-2' }],
    },
    {
      description: 'user_send_image without a caption',
      event: zaloEvent('user_send_image', {
        message: { msg_id: 'msg-3', attachments: [{ type: 'image', payload: { url: 'https://x/y.jpg' } }] },
      }),
      events: [{ ...base, kind: 'message', text: '', providerMessageId: 'msg-3' }],
    },
    {
      description: 'follow naming the user as sender',
      event: zaloEvent('follow'),
      events: [{ ...base, kind: 'follow', text: '', providerMessageId: `follow-user-1-${TIMESTAMP}` }],
    },
    {
      description: 'follow naming the user as follower',
      event: { ...zaloEvent('follow', { follower: { id: 'user-1' }, oa_id: 'oa-1' }), sender: undefined },
      events: [{ ...base, kind: 'follow', text: '', providerMessageId: `follow-user-1-${TIMESTAMP}` }],
    },
    {
      description: 'unfollow',
      event: zaloEvent('unfollow'),
      events: [{ ...base, kind: 'unfollow', text: '', providerMessageId: `unfollow-user-1-${TIMESTAMP}` }],
    },
    {
      description: 'user_submit_info with a phone',
      event: zaloEvent('user_submit_info', { info: { name: 'Bà Lan', phone: '84912345678', address: 'Huế' } }),
      events: [
        {
          ...base,
          kind: 'message',
          text: '',
          contactPhone: '+84912345678',
          providerMessageId: `user_submit_info-user-1-${TIMESTAMP}`,
        },
      ],
    },
    {
      description: 'user_submit_info with an unusable phone',
      event: zaloEvent('user_submit_info', { info: { name: 'Bà Lan', phone: '12345' } }),
      events: [{ ...base, kind: 'message', text: '', providerMessageId: `user_submit_info-user-1-${TIMESTAMP}` }],
    },
    {
      description: 'user_received_message',
      event: zaloEvent('user_received_message', { message: { msg_id: 'out-1' } }),
      events: [],
      deliveries: [{ channel: 'zalo', providerMessageId: 'out-1', status: 'delivered' }],
    },
    {
      description: 'user_seen_message with a batch of ids',
      event: zaloEvent('user_seen_message', { message: { msg_ids: ['out-2', 'out-3'] } }),
      events: [],
      deliveries: [
        { channel: 'zalo', providerMessageId: 'out-2', status: 'delivered' },
        { channel: 'zalo', providerMessageId: 'out-3', status: 'delivered' },
      ],
    },
    {
      description: 'an event this service does not handle',
      event: zaloEvent('oa_send_text', { message: { text: 'echo', msg_id: 'out-4' } }),
      events: [],
    },
  ];

  it.each(cases)('$description', ({ event, events, deliveries }) => {
    const raw = JSON.stringify(event);
    const parsed = parseZaloWebhook({ 'x-zevent-signature': signEvent(raw, APP_ID, SECRET) }, raw, config);
    expect(parsed).toEqual({ ok: true, events, ...(deliveries ? { deliveries } : {}) });
  });
});
