import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../core/db/schema.js';
import { countSmsSegments } from '../core/text/sms-segments.js';
import { FakeTwilio } from './peers/fake-twilio.js';
import { freePort } from './support/free-port.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const SID = `AC${'1'.repeat(32)}`;
const TOKEN = 'twilio-auth-token-for-tests';
const CITIZEN = '+84912345601';

// SMS end to end through Twilio: signed webhook → dialog turn on the worker → reply sent through the real SDK to a
// local Twilio → status callback updates the stored message.
describe('SMS through Twilio', () => {
  let fake: FakeTwilio;
  let app: TestService;
  let inboundUrl: string;

  beforeAll(async () => {
    fake = await FakeTwilio.start(SID, TOKEN);
    const port = await freePort();
    app = await startTestService({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: fake.baseUrl,
    });
    inboundUrl = `http://127.0.0.1:${port}/webhooks/twilio`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  const sentTo = (to: string) => fake.requests.filter((r) => r.form.To === to).map((r) => r.form.Body ?? '');
  const text = (body: string, sid?: string) =>
    fake.postInbound(inboundUrl, {
      From: '0912345601',
      To: '+15005550006',
      Body: body,
      ...(sid ? { MessageSid: sid } : {}),
    });

  it('answers an SMS in Vietnamese without diacritics, with numbered choices, each in one segment', async () => {
    const posted = await text('xin chao', `SM${'a'.repeat(32)}`);
    expect(posted.status).toBe(200);
    expect(posted.body).toContain('<Response>');
    const bodies = await waitFor('two replies', () => sentTo(CITIZEN).length >= 2 && sentTo(CITIZEN));
    expect(bodies[0]).toMatch(/^Xin chao! Day la kenh ho tro phong chong dich/);
    expect(bodies[1]).toBe(
      'Ban can gi?\n1. Khai bao y te  2. Dang ky tiem chung  3. Nhu yeu pham  4. Check-in dia diem  5. Muc nguy co va ho tro  6. Ngon ngu / Language  7. Gap nhan vien',
    );
    for (const body of bodies) expect(countSmsSegments(body)).toMatchObject({ encoding: 'gsm7', segments: 1 });
  });

  it('walks the menu by numbers and unaccented words', async () => {
    await text('6');
    await waitFor('language question', () => sentTo(CITIZEN).length >= 3);
    expect(sentTo(CITIZEN)[2]).toBe('Chon ngon ngu / Choose a language:\n1. Tieng Viet  2. English');
    await text('2');
    await waitFor('switch', () => sentTo(CITIZEN).length >= 5);
    expect(sentTo(CITIZEN).slice(3, 5)).toEqual([
      'Language set to English.',
      'What do you need?\n1. Health declaration  2. Vaccination sign-up  3. Essential goods  4. Venue check-in  5. Risk level and help  6. Language / Ngon ngu  7. Staff',
    ]);
  });

  it('marks a reply delivered when Twilio reports it', async () => {
    const [reply] = await app.database.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.direction, 'outbound'), eq(messages.status, 'sent')))
      .limit(1);
    expect(reply?.providerMessageId).toMatch(/^SM/);
    const posted = await fake.postSigned(`${inboundUrl}/status`, {
      AccountSid: SID,
      MessageSid: reply?.providerMessageId ?? '',
      MessageStatus: 'delivered',
      To: CITIZEN,
    });
    expect(posted.status).toBe(200);
    const [after] = await app.database.handle.db
      .select()
      .from(messages)
      .where(eq(messages.id, reply?.id ?? ''));
    expect(after?.status).toBe('delivered');
  });

  it('stops sending to a number Twilio reports as unsubscribed', async () => {
    const other = '+84987654321';
    fake.failFor(other, 'unsubscribed');
    await fake.postInbound(inboundUrl, { From: '0987654321', To: '+15005550006', Body: 'hi' });
    const failed = await waitFor('failed replies', async () => {
      const rows = await app.database.handle.db.select().from(messages).where(eq(messages.status, 'failed'));
      return rows.length > 0 && rows;
    });
    expect(failed[0]?.error).toMatch(/unsubscribed/);
  });
});
