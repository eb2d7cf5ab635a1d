import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, messages } from '../core/db/schema.js';
import { countSmsSegments } from '../core/text/sms-segments.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const SYSTEM_ID = 'soyte';
const PASSWORD = 'smpp-test';

// SMS-only citizens through a carrier bind, end to end: MO deliver_sm → turn → submit_sm → delivery receipt.
describe('SMS over SMPP', () => {
  let smsc: SmscSimulator;
  let app: TestService;

  beforeAll(async () => {
    // A refused MO is delivered again every 100 ms for ten seconds, as an SMSC retries.
    smsc = await startSmscSimulator({
      systemId: SYSTEM_ID,
      password: PASSWORD,
      receiptDelayMs: 20,
      redeliverAfterMs: 100,
      deliveryAttempts: 100,
    });
    app = await startTestService({
      SMPP_GATEWAYS: `viettel=smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}?tps=25&prefixes=86,96-98,32-39&source=SOYTE`,
    });
  });
  afterAll(async () => {
    await app.stop();
    await smsc.close();
  });

  const to = (phone: string) => smsc.submitted.filter((pdu) => pdu.destination.replace(/^\+/, '') === phone.slice(1));
  const mo = (phone: string, text: string) => smsc.injectMo(phone.slice(1), '8088', text);
  /** The texts stored as received from `phone`. */
  const storedFrom = async (phone: string) =>
    (
      await app.database.handle.db
        .select({ text: messages.text })
        .from(messages)
        .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
        .where(and(eq(messages.direction, 'inbound'), eq(channelIdentities.externalId, phone)))
    ).map((row) => row.text);

  it('walks the main menu with unaccented numbered replies, every SMS one GSM-7 segment', async () => {
    const elder = '+84987000001';
    await mo(elder, 'xin chao');
    await waitFor('greeting and menu', () => to(elder).length >= 2);
    await mo(elder, '5');
    await waitFor('risk help', () => to(elder).length >= 4);
    await mo(elder, '6');
    await waitFor('language question', () => to(elder).length >= 5);
    await mo(elder, 'tieng viet');
    await waitFor('language set', () => to(elder).length >= 7);
    const texts = to(elder).map((pdu) => pdu.text);
    expect(texts[1]).toBe(
      'Ban can gi?\n1. Khai bao y te  2. Dang ky tiem chung  3. Nhu yeu pham  4. Check-in dia diem  5. Muc nguy co va ho tro  6. Ngon ngu / Language  7. Gap nhan vien',
    );
    expect(texts[2]).toContain('1900 9095');
    expect(texts[4]).toBe('Chon ngon ngu / Choose a language:\n1. Tieng Viet  2. English');
    expect(texts[5]).toBe('Da chuyen sang tieng Viet.');
    for (const pdu of to(elder)) {
      expect(pdu.dataCoding).toBe(0);
      expect(pdu.concat).toBeUndefined();
      expect(countSmsSegments(pdu.text)).toMatchObject({ encoding: 'gsm7', segments: 1 });
    }
  });

  it('answers a message the SMSC delivers as a data_sm, written with diacritics', async () => {
    const elder = '+84987000009';
    await smsc.injectMo(elder.slice(1), '8088', 'Xin chào', { as: 'data_sm' });
    await waitFor('greeting and menu', () => to(elder).length >= 2);
    expect(to(elder)[1]?.text).toMatch(/^Ban can gi\?\n1\. Khai bao y te/);
  });

  it('marks replies delivered when the SMSC sends their receipts', async () => {
    const phone = '+84987000002';
    await mo(phone, 'xin chao');
    await waitFor('replies', () => to(phone).length >= 2);
    const delivered = await waitFor('receipts applied', async () => {
      const rows = await app.database.handle.db.select().from(messages).where(eq(messages.status, 'delivered'));
      return rows.length >= 2 && rows;
    });
    expect(delivered.every((row) => row.direction === 'outbound' && row.channel === 'sms')).toBe(true);
  });

  it("keeps one sender's MOs in order when the SMSC delivers them without waiting for answers", async () => {
    const elder = '+84987000011';
    await mo(elder, 'xin chao');
    await waitFor('greeting and menu', () => to(elder).length >= 2);
    // Both at once, as an SMSC with a window delivers them: "6" (language) must be taken before "2" (English).
    await Promise.all([mo(elder, '6'), mo(elder, '2')]);
    await waitFor('English', () => to(elder).length >= 5);
    expect(to(elder)[3]?.text).toBe('Language set to English.');
  });

  it('refuses an MO while PostgreSQL fails to store it, and answers it once when the SMSC delivers it again', async () => {
    const elder = '+84987000010';
    const db = app.database.handle.db;
    // PostgreSQL's own failure: every incoming message fails to store until the trigger is dropped.
    await db.execute(sql`create function refuse_inbound() returns trigger language plpgsql
                         as $$ begin raise exception 'storage unavailable'; end $$`);
    await db.execute(sql`create trigger refuse_inbound before insert on messages for each row
                         when (new.direction = 'inbound') execute function refuse_inbound()`);
    let taken = false;
    const delivered = mo(elder, 'xin chao').then(() => {
      taken = true;
    });
    try {
      // The simulator delivers a refused MO again every 100 ms; none of those is taken while the store fails.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(taken).toBe(false);
    } finally {
      await db.execute(sql`drop trigger refuse_inbound on messages`);
      await db.execute(sql`drop function refuse_inbound()`);
    }
    await delivered;
    await waitFor('greeting and menu', () => to(elder).length >= 2);
    expect(await storedFrom(elder)).toEqual(['xin chao']);
  });

  it('answers an SMS once when the bind drops with its answer and the SMSC delivers it again', async () => {
    const elder = '+84987000012';
    // The service stores "xin chao" and answers the SMSC; the connection drops before the SMSC reads the answer, so it
    // delivers the SMS again on the next bind, as a new PDU.
    await smsc.injectMo(elder.slice(1), '8088', 'xin chao', { answerLost: [1] });
    await waitFor('greeting and menu', () => to(elder).length >= 2);
    expect(await storedFrom(elder)).toEqual(['xin chao']);
  });

  it('holds replies while the bind is down and sends each exactly once when it is back', {
    timeout: 60_000,
  }, async () => {
    const phones = Array.from({ length: 20 }, (_, i) => `+849870001${String(i).padStart(2, '0')}`);
    for (const phone of phones) await mo(phone, 'xin chao');
    await waitFor('first replies going out', () => phones.some((phone) => to(phone).length > 0));
    smsc.kill();
    const sentBeforeCrash = phones.reduce((sum, phone) => sum + to(phone).length, 0);
    expect(sentBeforeCrash).toBeLessThan(phones.length * 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await smsc.restart();
    await waitFor('every reply', () => phones.every((phone) => to(phone).length >= 2), 45_000);
    for (const phone of phones) {
      expect(to(phone).map((pdu) => pdu.text.slice(0, 12))).toEqual(['Xin chao! Da', 'Ban can gi?\n']);
    }
  });
});
