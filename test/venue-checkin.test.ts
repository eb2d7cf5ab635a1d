import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, checkins } from '../core/db/schema.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { telegramDriver } from './support/drivers/telegram-driver.js';
import { zaloDriver } from './support/drivers/zalo-driver.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

// Check-in end to end: a scanned poster (Telegram deep link), a code typed in Zalo, an SMS over a carrier's SMPP bind.
describe('venue check-in', () => {
  let telegram: ChannelDriver;
  let zalo: ChannelDriver;
  let sms: ChannelDriver;
  let app: TestService;
  let nextId = 5_000_000;
  const id = () => String(nextId++);

  beforeAll(async () => {
    [telegram, zalo, sms] = await Promise.all([telegramDriver(), zaloDriver(), smppDriver()]);
    app = await startTestService({
      ...telegram.env,
      ...zalo.env,
      ...sms.env,
      TELEGRAM_BOT_USERNAME: 'soyte_bot',
      VENUE_LINK_SECRET: 'venue-link-secret-for-tests',
    });
    for (const driver of [telegram, zalo, sms]) driver.attach(app.service.url);
  });
  afterAll(async () => {
    await app.stop();
    await Promise.all([telegram, zalo, sms].map((driver) => driver.close()));
  });

  const venue = async (name: string) => {
    const { body } = await app.post(
      '/api/v1/venues',
      { name, category: 'cafe', address: '5 Hai Bà Trưng', wardCode: '26734' },
      auth,
    );
    return body as { venue: { id: string; code: string }; links: { token: string; telegram: string } };
  };
  const replies = (driver: ChannelDriver, user: string, count: number) =>
    waitFor(`${count} replies to ${user}`, () => driver.received(user).length >= count && driver.received(user));
  const checkinsOf = async (externalId: string) =>
    app.database.handle.db
      .select({ checkin: checkins })
      .from(checkins)
      .innerJoin(channelIdentities, eq(channelIdentities.personId, checkins.personId))
      .where(eq(channelIdentities.externalId, externalId));

  it('checks in from a scanned poster (Telegram deep link) with a receipt', async () => {
    const { links } = await venue('Cà phê Sáng');
    const user = telegram.userId(1);
    await telegram.send(user, `/start ${new URL(links.telegram).searchParams.get('start')}`, id());
    const [receipt] = await replies(telegram, user, 1);
    expect(receipt).toMatch(/^Đã check-in: Cà phê Sáng, \d{2}:\d{2} \d{2}\/\d{2}\. Mã biên nhận: [A-Z2-9]{6}\./);
    const [row] = await checkinsOf(user);
    expect(row?.checkin.channel).toBe('telegram');
    expect(receipt).toContain(row?.checkin.receiptCode);
    // Without a check-out the stay lasts CHECKIN_DEFAULT_DWELL_MIN (60).
    expect((row?.checkin.endsAt.getTime() ?? 0) - (row?.checkin.checkedInAt.getTime() ?? 0)).toBe(60 * 60_000);
  });

  it('refuses a link whose signature does not match', async () => {
    const { links } = await venue('Quán Trưa');
    const user = telegram.userId(2);
    const forged = `${links.token.slice(0, 6)}${'A'.repeat(links.token.length - 6)}`;
    await telegram.send(user, `/start ci_${forged}`, id());
    const [reply] = await replies(telegram, user, 1);
    expect(reply).toMatch(/^Không tìm thấy địa điểm/);
    expect(await checkinsOf(user)).toEqual([]);
  });

  it('checks in from Zalo by the code, any case', async () => {
    const { venue: place } = await venue('Tiệm Tóc');
    const user = zalo.userId(1);
    await zalo.send(user, `checkin ${place.code}`, id());
    const [receipt] = await replies(zalo, user, 1);
    expect(receipt).toMatch(/^Đã check-in: Tiệm Tóc/);
    expect(await checkinsOf(user)).toHaveLength(1);
  });

  it('checks in by SMS over SMPP, answers a repeat scan with the same receipt, and checks out with CO', async () => {
    const { venue: place } = await venue('Nhà Văn Hóa');
    const user = sms.userId(1);
    await sms.send(user, `ci${place.code}`, id());
    const [receipt] = await replies(sms, user, 1);
    // SMS replies are folded to GSM-7 and fit one segment.
    expect(receipt).toMatch(
      /^Da check-in: Nha Van Hoa, \d{2}:\d{2} \d{2}\/\d{2}\. Ma bien nhan: ([A-Z2-9]{6})\. Khi ra ve nhan CO/,
    );
    expect(receipt?.length).toBeLessThanOrEqual(160);
    await sms.send(user, `CHECKIN ${place.code}`, id());
    const [, again] = await replies(sms, user, 2);
    const code = /Ma bien nhan: ([A-Z2-9]{6})/.exec(receipt ?? '')?.[1];
    expect(again).toMatch(/^Ban da check-in tai Nha Van Hoa/);
    expect(again).toContain(code);
    expect(await checkinsOf(user)).toHaveLength(1);

    await sms.send(user, 'co', id());
    const [, , out] = await replies(sms, user, 3);
    expect(out).toMatch(/^Da ghi nhan ban roi Nha Van Hoa/);
    const [row] = await checkinsOf(user);
    expect(row?.checkin.checkedOutAt).not.toBeNull();
    expect(row?.checkin.endsAt.getTime()).toBe(row?.checkin.checkedOutAt?.getTime());
    await sms.send(user, 'CO', id());
    const [, , , none] = await replies(sms, user, 4);
    expect(none).toBe('Ban khong co luot check-in nao dang mo.');
  });

  it('says so for an unknown code and for a closed venue', async () => {
    const { venue: place } = await venue('Rạp Phim');
    await app.post(`/api/v1/venues/${place.id}/close`, {}, auth);
    const user = sms.userId(2);
    await sms.send(user, `CI ${place.code}`, id());
    const [closed] = await replies(sms, user, 1);
    expect(closed).toBe('Dia diem Rap Phim da dong, khong nhan check-in.');
    const unused = place.code === '100000' ? '100001' : '100000';
    await sms.send(user, `CI ${unused}`, id());
    const [, unknown] = await replies(sms, user, 2);
    expect(unknown).toMatch(new RegExp(`^Khong tim thay dia diem co ma ${unused}`));
    expect(await checkinsOf(user)).toEqual([]);
  });

  it('asks for the code when check-in is picked from the menu', async () => {
    const { venue: place } = await venue('Siêu Thị');
    const user = zalo.userId(2);
    await zalo.send(user, 'xin chao', id());
    await replies(zalo, user, 2);
    await zalo.send(user, 'check in', id());
    const [, , ask] = await replies(zalo, user, 3);
    expect(ask).toMatch(/^Vui lòng gõ mã 6 số/);
    await zalo.send(user, place.code.replace(/(\d{3})(\d{3})/, '$1 $2'), id());
    const [, , , receipt] = await replies(zalo, user, 4);
    expect(receipt).toMatch(/^Đã check-in: Siêu Thị/);
  });

  it('alerts the people who overlapped a case, by SMS, naming the venue and never the case', async () => {
    const { venue: place } = await venue('Chợ Đêm');
    const { venue: elsewhere } = await venue('Bến Xe');
    const [sick, exposed, away] = [sms.userId(20), sms.userId(21), sms.userId(22)];
    await sms.send(sick, `CI ${place.code}`, id());
    await sms.send(exposed, `CI ${place.code}`, id());
    await sms.send(away, `CI ${elsewhere.code}`, id());
    for (const user of [sick, exposed, away]) await replies(sms, user, 1);
    const now = Date.now();
    const created = await app.post(
      '/api/v1/cases',
      {
        phone: `0${sick.slice(3)}`,
        infectiousFrom: new Date(now - 86_400_000).toISOString(),
        infectiousTo: new Date(now + 86_400_000).toISOString(),
        createdBy: 'bs.lan',
      },
      auth,
    );
    expect(created.body.exposureCount).toBe(1);
    const approved = await app.post(`/api/v1/cases/${created.body.case.id}/approve`, { approvedBy: 'bs.minh' }, auth);
    expect(approved.status).toBe(201);
    const [, alert] = await replies(sms, exposed, 2);
    expect(alert).toMatch(/^SO Y TE: Ban o Cho Dem luc \d{2}:\d{2} \d{2}\/\d{2} cung luc voi 1 ca benh\./);
    expect(alert?.length).toBeLessThanOrEqual(160);
    expect(alert).not.toContain(sick.slice(-6));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sms.received(sick)).toHaveLength(1);
    expect(sms.received(away)).toHaveLength(1);
  });
});
