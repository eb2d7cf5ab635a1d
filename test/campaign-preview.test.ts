import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

// What a message will look like and cost, per channel and carrier, before an official sends it.
describe('campaign preview', () => {
  let viettel: SmscSimulator;
  let vina: SmscSimulator;
  let app: TestService;

  beforeAll(async () => {
    [viettel, vina] = await Promise.all([
      startSmscSimulator({ systemId: 'soyte', password: 'preview' }),
      startSmscSimulator({ systemId: 'soyte', password: 'preview' }),
    ]);
    app = await startTestService({
      SMPP_GATEWAYS: [
        `viettel=smpp://soyte:preview@127.0.0.1:${viettel.port}?tps=50&prefixes=86,96-98,32-39&source=SOYTE`,
        `vina=smpp://soyte:preview@127.0.0.1:${vina.port}?tps=50&prefixes=88,91,94,81-85&source=SOYTE`,
      ].join(';'),
      SMS_PRICE_PER_SEGMENT: 'viettel=300,vina=320,default=400',
    });
  });
  afterAll(async () => {
    await app.stop();
    await Promise.all([viettel.close(), vina.close()]);
  });

  const preview = (body: unknown) => app.post('/api/v1/campaigns/preview', body, auth);

  it('renders per language and channel, folding SMS to GSM-7 and pricing it by carrier', async () => {
    const { status, body } = await preview({
      message: {
        text: { vi: 'Chào {{name}}, kết quả xét nghiệm: {{result}}.', en: 'Hello {{name}}, test result: {{result}}.' },
      },
      samples: [
        { phone: '0981234567', locale: 'vi', params: { name: 'Lan', result: 'âm tính' } },
        { phone: '0911234567', locale: 'en', params: { name: 'Minh' } },
      ],
    });
    expect(status).toBe(200);
    expect(body.currency).toBe('VND');
    const [lan, minh] = body.samples;
    expect(lan.zalo).toEqual({ text: 'Chào Lan, kết quả xét nghiệm: âm tính.', parts: 1 });
    expect(lan.sms).toMatchObject({
      text: 'Chao Lan, ket qua xet nghiem: am tinh.',
      encoding: 'gsm7',
      segments: 1,
      carrier: 'viettel',
      pricePerSegment: 300,
      cost: 300,
    });
    expect(minh.missing).toEqual(['result']);
    expect(minh.sms).toMatchObject({ carrier: 'vina', pricePerSegment: 320 });
  });

  it('counts the segments of a long message and uses the default price without a phone', async () => {
    const long = 'Khuyến cáo: '.padEnd(400, 'x');
    const { body } = await preview({ message: { text: { vi: long } } });
    const [vi, en] = body.samples;
    expect(vi.sms).toMatchObject({ encoding: 'gsm7', segments: 3, pricePerSegment: 400, cost: 1200 });
    expect(vi.sms.carrier).toBeUndefined();
    // English readers get the Vietnamese text when there is no English one.
    expect(en.telegram.text).toBe(long);
  });

  it('renders a locales key, and refuses an unknown key, a bad phone and a missing token', async () => {
    const known = await preview({ message: { key: 'common:optedOut' } });
    expect(known.status).toBe(200);
    expect(known.body.samples[0].zalo.text.length).toBeGreaterThan(10);
    const unknown = await preview({ message: { key: 'common:noSuchText' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown_text');
    const badPhone = await preview({ message: { text: { vi: 'x' } }, samples: [{ phone: '12345' }] });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error).toBe('invalid_phone');
    const anonymous = await app.post('/api/v1/campaigns/preview', { message: { text: { vi: 'x' } } });
    expect(anonymous.status).toBe(401);
  });
});
