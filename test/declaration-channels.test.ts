import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarations, messages } from '../core/db/schema.js';
import { foldDiacritics } from '../core/text/fold.js';
import { countSmsSegments } from '../core/text/sms-segments.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { telegramDriver } from './support/drivers/telegram-driver.js';
import { zaloDriver } from './support/drivers/zalo-driver.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const WARD = '25993';

/** Sends one answer and waits for a new message (folded, as SMS shows it) containing `expected`. */
async function stepOn(driver: ChannelDriver, nextId: () => string, user: string, text: string, expected: string) {
  const before = driver.received(user).length;
  expect(await driver.send(user, text, nextId())).toBe(200);
  return waitFor(`"${expected}" after "${text}"`, () =>
    driver
      .received(user)
      .slice(before)
      .map(foldDiacritics)
      .find((received) => received.includes(expected)),
  );
}

// The domestic declaration through each app's real webhook (or SMPP bind) and its protocol peer, answered the way
// people type on a phone: no diacritics. A high-risk result reaches the ward's subscribed officer on that channel.
describe.each([
  { name: 'Telegram', driver: telegramDriver, sms: false },
  { name: 'Zalo OA', driver: zaloDriver, sms: false },
  { name: 'SMS via SMPP', driver: smppDriver, sms: true },
])('health declaration over $name', ({ driver: makeDriver, sms }) => {
  let driver: ChannelDriver;
  let app: TestService;
  let nextId = 7_000_000;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  const step = (user: string, text: string, expected: string) =>
    stepOn(driver, () => String(nextId++), user, text, expected);

  beforeAll(async () => {
    driver = await makeDriver();
    app = await startTestService(
      { ...driver.env, INBOUND_FLOOD_LIMIT_PER_MINUTE: '500' },
      { now: () => new Date('2026-11-22T03:00:00Z') },
    );
    driver.attach(app.service.url);
    const officer = driver.userId(90);
    await step(officer, 'xin chao', 'Ban can gi?');
    const subscribed = await app.post(
      '/api/v1/ward-staff',
      { wardCode: WARD, name: 'Y ta Hoa', channel: driver.channel, externalId: officer },
      auth,
    );
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  it('declares with unaccented answers, gets a receipt, and the ward officer is told of the high risk', async () => {
    const user = driver.userId(1);
    await step(user, 'kb', 'Ban khai bao cho ai?');
    await step(user, '1', 'Ho va ten');
    await step(user, 'Nguyen Van Tu', 'Nam sinh?');
    await step(user, '1950', 'Gioi tinh?');
    if (sms) await step(user, 'nam', 'Ban o phuong/xa nao?');
    else {
      await step(user, 'nam', 'So dien thoai');
      await step(user, '0912 000 444', 'Ban o phuong/xa nao?');
    }
    await step(user, 'trang dai bien hoa', 'Chon phuong/xa');
    await step(user, '1', 'So nha');
    await step(user, '5 hem 3', 'Trong 14 ngay qua');
    await step(user, 'co', 'Co sot khong?');
    await step(user, 'khong', 'Co ho khong?');
    await step(user, 'khong', 'Co kho tho khong?');
    await step(user, 'co', 'Co dau hong');
    await step(user, 'khong', 'mat vi giac');
    await step(user, 'khong', 'met moi');
    await step(user, 'khong', 'tiep xuc F0');
    await step(user, 'khong', 'Da tiem vac xin');
    const receipt = await step(user, 'khong', 'Ma xac nhan');
    expect(receipt).toMatch(/Ma xac nhan: [A-Z0-9]{8} \(dung trong 24 gio\)\. Muc nguy co: cao \(do\)\./);
    await waitFor('advice', () =>
      driver
        .received(user)
        .map(foldDiacritics)
        .some((t) => t.includes('Tram y te phuong')),
    );

    const notice = await waitFor('notice to the ward officer', () =>
      driver
        .received(driver.userId(90))
        .map(foldDiacritics)
        .find((text) => text.includes('nguy co cao')),
    );
    expect(notice).toContain('Nguyen Van Tu, sinh 1950');
    expect(notice).toContain(sms ? `DT ${user}` : 'DT +84912000444');

    const [stored] = await app.database.handle.db.select().from(declarations);
    expect(stored).toMatchObject({
      channel: driver.channel,
      wardCode: WARD,
      symptoms: ['breathlessness'],
      exposures: [],
      vaccineDoses: 0,
      riskLevel: 'high',
      riskReasons: ['breathlessElderly'],
    });
    // The receipt went out with its QR image on chat apps; SMS carries the code in one GSM-7 segment.
    // (The officer's notice names the code too, so pick the citizen's copy: the one with the image.)
    const withCode = await app.database.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.direction, 'outbound'), like(messages.text, `%${stored?.receiptCode}%`)));
    const receiptRow = withCode.find((row) => (row.payload as { image?: unknown } | null)?.image !== undefined);
    if (sms) expect(countSmsSegments(receipt)).toMatchObject({ encoding: 'gsm7', segments: 1 });
    else {
      expect((receiptRow?.payload as { image?: { alt: string } } | null)?.image?.alt).toContain(stored?.receiptCode);
      await waitFor('receipt sent', async () => {
        const [row] = await app.database.handle.db
          .select()
          .from(messages)
          .where(eq(messages.id, receiptRow?.id ?? ''));
        return row?.status === 'sent' || row?.status === 'delivered';
      });
    }
  });
});

describe('entry declaration over SMS via SMPP', () => {
  let driver: ChannelDriver;
  let app: TestService;
  let nextId = 8_000_000;
  const step = (user: string, text: string, expected: string) =>
    stepOn(driver, () => String(nextId++), user, text, expected);

  beforeAll(async () => {
    driver = await smppDriver();
    app = await startTestService(
      { ...driver.env, INBOUND_FLOOD_LIMIT_PER_MINUTE: '500' },
      { now: () => new Date('2026-11-22T03:00:00Z') },
    );
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  it('walks the entry declaration without diacritics, every SMS one segment', async () => {
    const user = driver.userId(2);
    await step(user, 'NC', 'Ho va ten (nhu tren ho chieu)?');
    await step(user, 'Tran Thi Mai', 'Nam sinh?');
    await step(user, '1990', 'Gioi tinh?');
    await step(user, 'nu', 'So ho chieu');
    await step(user, 'B7654321', 'Quoc tich?');
    await step(user, 'Viet Nam', 'chuyen bay');
    await step(user, 'VN51', 'So ghe?');
    await step(user, '3C', 'Cua khau');
    await step(user, 'Noi Bai', 'Ngay nhap canh?');
    await step(user, '20/11/2026', 'Cac nuoc da den');
    await step(user, 'Han Quoc', 'So dien thoai');
    await step(user, '0987 000 555', 'Ban o phuong/xa nao?');
    await step(user, 'tan phong bien hoa', 'Chon phuong/xa');
    await step(user, '1', 'So nha');
    await step(user, '7 Hung Vuong', 'Trong 14 ngay qua');
    expect(await step(user, 'khong', 'Ma xac nhan')).toContain('Muc nguy co: trung binh (vang)');
    const rows = await app.database.handle.db.select().from(declarations).where(eq(declarations.kind, 'entry'));
    expect(rows[0]).toMatchObject({
      fullName: 'Tran Thi Mai',
      phone: '+84987000555',
      wardCode: '25996',
      travel: { vehicle: 'VN51', seat: '3C', port: 'Noi Bai', arrivalDate: '2026-11-20', countries: 'Han Quoc' },
    });
    for (const text of driver.received(user)) expect(countSmsSegments(text).segments).toBe(1);
  });
});
