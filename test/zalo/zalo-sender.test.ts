import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloSender, type ZaloSender } from '../../bots/zalo/zalo-sender.js';
import {
  type OutboundMessage,
  PermanentSendError,
  RateLimitedError,
  TransientSendError,
} from '../../core/channels/contract.js';
import { FakeZalo, type ZaloFailure } from '../peers/fake-zalo.js';
import { createPgliteTestDatabase, type TestDatabase } from '../support/test-database.js';
import { rejectionOf, ZALO_APP, zaloSettingsFor } from './zalo-fixtures.js';

// A 1×1 transparent PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('ZaloSender against the fake OA API', () => {
  let fake: FakeZalo;
  let testDb: TestDatabase;
  let sender: ZaloSender;
  let seq = 0;
  const message = (fields: Partial<OutboundMessage>): OutboundMessage => {
    seq += 1;
    return { messageId: `m-${seq}`, recipient: `user-${seq}`, text: 'Xin chào', ...fields };
  };

  beforeAll(async () => {
    fake = await FakeZalo.start(ZALO_APP);
    testDb = await createPgliteTestDatabase();
    sender = createZaloSender(testDb.handle.db, zaloSettingsFor(fake, fake.issueTokens()));
  });
  afterAll(async () => {
    await fake.close();
    await testDb.drop();
  });

  it('sends a text as one consultation message with the access_token header', async () => {
    const out = message({ text: 'Lịch tiêm mũi 3: thứ Bảy' });
    const receipt = await sender.send(out);
    expect(receipt.parts).toBe(1);
    expect(fake.sent.at(-1)).toEqual({ userId: out.recipient, message: { text: 'Lịch tiêm mũi 3: thứ Bảy' } });
    const request = fake.requests.at(-1);
    expect(request?.headers.access_token).toMatch(/^at-/);
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('splits a long text at words, each part within 2,000 characters', async () => {
    const text = Array.from({ length: 900 }, (_, i) => `từ${i}`).join(' ');
    const before = fake.sent.length;
    const receipt = await sender.send(message({ text }));
    const parts = fake.sent.slice(before).map((s) => (s.message as { text: string }).text);
    expect(receipt.parts).toBe(parts.length);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= 2000)).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('puts choices on the last part as oa.query.show buttons whose payload is the label', async () => {
    const choices = [
      { value: 'yes', label: 'Có' },
      { value: 'no', label: 'Không' },
    ];
    await sender.send(message({ text: 'Bạn đã tiêm chưa?', choices }));
    expect(fake.sent.at(-1)?.message).toEqual({
      text: 'Bạn đã tiêm chưa?',
      attachment: {
        type: 'template',
        payload: {
          buttons: [
            { title: 'Có', type: 'oa.query.show', payload: 'Có' },
            { title: 'Không', type: 'oa.query.show', payload: 'Không' },
          ],
        },
      },
    });
  });

  it('lists choices as numbered lines when there are more than buttons allow', async () => {
    const choices = Array.from({ length: 6 }, (_, i) => ({ value: `v${i}`, label: `Phường ${i + 1}` }));
    await sender.send(message({ text: 'Bạn ở phường nào?', choices }));
    const sent = fake.sent.at(-1)?.message as { text: string; attachment?: unknown };
    expect(sent.attachment).toBeUndefined();
    expect(sent.text.split('\n')).toEqual(['Bạn ở phường nào?', ...choices.map((c, i) => `${i + 1}. ${c.label}`)]);
  });

  it('uploads an image, then sends it as a media template after the text', async () => {
    const before = fake.sent.length;
    const receipt = await sender.send(message({ text: 'Mã QR của bạn', image: { pngBase64: PNG_BASE64, alt: 'QR' } }));
    const upload = fake.requests.find((r) => r.path === '/v2.0/oa/upload/image');
    expect(upload?.body).toEqual({ file: { type: 'image/png', size: Buffer.from(PNG_BASE64, 'base64').length } });
    const [text, image] = fake.sent.slice(before).map((s) => s.message);
    expect(receipt.parts).toBe(2);
    expect(text).toEqual({ text: 'Mã QR của bạn' });
    expect(image).toEqual({
      attachment: {
        type: 'template',
        payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: expect.any(String) }] },
      },
    });
  });

  const failures: { description: string; failure: ZaloFailure; expected: object; type: unknown }[] = [
    {
      description: '-230 (no interaction in 7 days) → fall back to another channel',
      failure: { zaloError: -230 },
      expected: { kind: 'permanent', code: 'zalo_window_closed', optOut: false },
      type: PermanentSendError,
    },
    {
      description: '-32 (rate limit) → back off',
      failure: { zaloError: -32 },
      expected: { kind: 'rate_limited', retryAfterMs: 60_000 },
      type: RateLimitedError,
    },
    {
      description: '-213 (not following the OA) → opted out',
      failure: { zaloError: -213 },
      expected: { kind: 'permanent', optOut: true },
      type: PermanentSendError,
    },
    {
      description: 'an unknown code → permanent, not opted out',
      failure: { zaloError: -201 },
      expected: { kind: 'permanent', code: 'zalo_error_-201', optOut: false },
      type: PermanentSendError,
    },
    {
      description: 'HTTP 500 → retry',
      failure: { httpStatus: 500 },
      expected: { kind: 'transient', code: 'zalo_http_5xx' },
      type: TransientSendError,
    },
    {
      description: 'HTTP 429 → back off',
      failure: { httpStatus: 429 },
      expected: { kind: 'rate_limited' },
      type: RateLimitedError,
    },
  ];

  it.each(failures)('$description', async ({ failure, expected, type }) => {
    const out = message({});
    fake.failFor(out.recipient, failure, 1);
    const error = await rejectionOf(sender.send(out));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(expected);
  });

  it('treats an unreachable API as transient', async () => {
    const settings = { ...zaloSettingsFor(fake, fake.issueTokens()), apiBase: 'http://127.0.0.1:1' };
    const unreachable = createZaloSender(testDb.handle.db, settings);
    expect(await rejectionOf(unreachable.send(message({})))).toMatchObject({ kind: 'transient', code: 'zalo_network' });
  });

  it('refreshes once when Zalo answers -216, and sends with the new token', async () => {
    await sender.send(message({}));
    fake.expireAccessTokens();
    const refreshes = fake.refreshCount;
    const receipt = await sender.send(message({ text: 'sau khi làm mới' }));
    expect(receipt.providerMessageId).toMatch(/^msg-/);
    expect(fake.refreshCount).toBe(refreshes + 1);
  });

  it('sends a ZNS template to the phone written 84xxxxxxxxx', async () => {
    const receipt = await sender.sendZnsTemplate('+84912345678', '231456', { name: 'Lan', date: '12/03' }, 'alert-1');
    expect(receipt.providerMessageId).toMatch(/^zns-/);
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/message/template',
      body: {
        phone: '84912345678',
        template_id: '231456',
        template_data: { name: 'Lan', date: '12/03' },
        tracking_id: 'alert-1',
      },
    });
  });

  it('refreshes on the ZNS token error too', async () => {
    fake.expireAccessTokens();
    const refreshes = fake.refreshCount;
    await sender.sendZnsTemplate('+84912345678', '231456', { name: 'Lan' }, 'alert-2');
    expect(fake.refreshCount).toBe(refreshes + 1);
  });

  it('maps a ZNS failure and refuses a number ZNS cannot reach', async () => {
    fake.failFor('84987654321', { zaloError: -32 }, 1);
    expect(await rejectionOf(sender.sendZnsTemplate('+84987654321', '1', {}, 'a-3'))).toBeInstanceOf(RateLimitedError);
    const foreign = await rejectionOf(sender.sendZnsTemplate('+6591234567', '1', {}, 'a-4'));
    expect(foreign).toMatchObject({ kind: 'permanent', code: 'zalo_zns_bad_phone', optOut: false });
  });
});
