import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botState, messages, vaccinationRegistrations, vaccinationSlots } from '../../core/db/schema.js';
import { bookSlot } from '../../core/db/vaccination-booking-repository.js';
import { createSite, createSlot, findSlot, updateSite } from '../../core/db/vaccination-sites-repository.js';
import { deliverUpdate, startFakeTelegram } from '../peers/fake-telegram.js';
import type { ChannelDriver } from '../support/drivers/driver.js';
import { smppDriver } from '../support/drivers/smpp-driver.js';
import { zaloDriver } from '../support/drivers/zalo-driver.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { waitFor } from '../support/wait-for.js';
import { registrants } from './vaccination-fixtures.js';

const TRANG_DAI = '25993';
const TAN_PHONG = '25996';
const TOKEN = '123456:vaccination-token';
const SECRET = 'vaccination_secret';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000);

// Sign-up end to end through the channels' real entry points and their local peers.
describe('vaccination sign-up', () => {
  let sms: ChannelDriver;
  let zalo: ChannelDriver;
  let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
  let app: TestService;
  let nextId = 5_000_000;
  const db = () => app.database.handle.db;

  beforeAll(async () => {
    sms = await smppDriver();
    zalo = await zaloDriver();
    telegram = await startFakeTelegram({ token: TOKEN });
    app = await startTestService({
      ...sms.env,
      ...zalo.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      // A whole sign-up is more than the default 20 messages a minute a person may send.
      INBOUND_FLOOD_LIMIT_PER_MINUTE: '200',
    });
    zalo.attach(app.service.url);
  });
  afterAll(async () => {
    await app.stop();
    await sms.close();
    await zalo.close();
    await telegram.close();
  });

  /** Sends one message and waits for a reply containing `expected`; returns every text sent since. */
  const converse = async (driver: ChannelDriver, user: string, text: string, expected: string) => {
    const before = driver.received(user).length;
    await driver.send(user, text, String(nextId++));
    return waitFor(`"${expected}" after "${text}"`, () => {
      const fresh = driver.received(user).slice(before).join('\n');
      return fresh.includes(expected) && fresh;
    });
  };
  const textSms = (user: string, text: string, expected: string) => converse(sms, user, text, expected);
  const telegramTexts = (chat: string) =>
    telegram.calls
      .filter((call) => String(call.body.chat_id) === chat)
      .map((call) => String(call.body.text ?? call.body.caption ?? ''));
  /** The label of the button starting with `prefix` in the last keyboard sent to the chat. */
  const button = (chat: string, prefix: string) => {
    const last = telegram.calls.filter((call) => String(call.body.chat_id) === chat && call.body.reply_markup).at(-1);
    const markup = (
      typeof last?.body.reply_markup === 'string' ? JSON.parse(last.body.reply_markup) : last?.body.reply_markup
    ) as { keyboard: { text: string }[][] } | undefined;
    return markup?.keyboard.flat().find((key) => key.text.startsWith(prefix))?.text ?? `no button ${prefix}`;
  };
  const textTelegram = async (chat: string, text: string, expected: string) => {
    const before = telegramTexts(chat).length;
    const id = nextId++;
    await deliverUpdate(
      `${app.service.url}/webhooks/telegram`,
      {
        update_id: id,
        message: {
          message_id: id,
          date: 1_795_000_000,
          chat: { id: Number(chat), type: 'private' },
          from: { id: Number(chat), is_bot: false, first_name: 'Minh' },
          text,
        },
      },
      SECRET,
    );
    return waitFor(`"${expected}" after "${text}"`, () => {
      const fresh = telegramTexts(chat).slice(before).join('\n');
      return fresh.includes(expected) && fresh;
    });
  };
  const site = async (code: string, wardCode: string, capacity: number) => {
    const created = await createSite(db(), {
      code,
      name: `Tram ${code}`,
      address: `${code} Dong Khoi`,
      wardCode,
      contactPhone: '+84987000222',
    });
    if (!created) throw new Error('site code taken');
    const startsAt = inHours(50);
    const slot = await createSlot(db(), {
      siteId: created.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 7_200_000),
      vaccine: 'Pfizer',
      capacity,
    });
    return { site: created, slot };
  };
  const registrationsOf = (slotId: string) =>
    db().select().from(vaccinationRegistrations).where(eq(vaccinationRegistrations.slotId, slotId));

  it('books over SMS with unaccented, numbered answers, re-asking bad ones, then cancels with HUY LICH', async () => {
    const near = await site('TD-1', TRANG_DAI, 5);
    await site('TP-1', TAN_PHONG, 5);
    const user = sms.userId(1);
    expect(await textSms(user, 'tiem chung', 'Dang ky tiem cho ai?')).toContain('1. Cho toi');
    await textSms(user, '1', 'Ho va ten');
    await textSms(user, 'Nguyen Van An', 'Nam sinh');
    await textSms(user, 'abc', 'Vui long tra loi bang mot so');
    await textSms(user, '1958', 'So CCCD');
    await textSms(user, '12345', 'phai co 12 so (CCCD) hoac 9 so');
    await textSms(user, '001059012345', 'khong khop nam sinh 1958');
    const groups = await textSms(user, '001 058 012345', 'thuoc nhom nao');
    expect(groups).toContain('2. Nguoi tren 65 tuoi');
    await textSms(user, '2', 'mui thu may');
    await textSms(user, '1', 'phuong/xa nao');
    const wards = await textSms(user, 'trang dai bien hoa', 'Chon phuong/xa');
    expect(wards).toContain('1. Phuong Trang Dai');
    const sites = await textSms(user, '1', 'Chon diem tiem');
    // The citizen's own ward first, then the rest of the district.
    expect(sites).toMatch(/1\. Tram TD-1.*\n?.*2\. Tram TP-1/s);
    await textSms(user, '1', 'Chon gio tiem');
    const confirm = await textSms(user, '1', 'Xac nhan: Nguyen Van An, 1958, giay to *********345');
    expect(confirm).not.toContain('001058012345');
    const booked = await textSms(user, 'co', 'Da dang ky: Nguyen Van An');
    const code = /Ma: ([A-Z0-9]{8})/.exec(booked)?.[1];
    expect(code).toBeDefined();
    expect(booked.split('\n')[0]?.length).toBeLessThanOrEqual(160);
    await textSms(user, 'khong', 'Ban can gi?');

    const [registration] = await registrationsOf(near.slot.id);
    expect(registration).toMatchObject({ code, status: 'booked', forSelf: true, priorityGroup: 'over_65', dose: 1 });
    expect(JSON.stringify(await db().select().from(botState))).not.toContain('001058012345');
    const stored = (await db().select({ text: messages.text }).from(messages)).map((m) => m.text).join('\n');
    for (const typed of ['001058012345', '001 058 012345', '001059012345']) expect(stored).not.toContain(typed);
    expect(stored).toContain('*********345');

    await textSms(user, 'HUY LICH', 'Huy lich tiem nao?');
    await textSms(user, '1', 'Chac chan huy');
    await textSms(user, 'co', 'Da huy lich tiem');
    expect((await findSlot(db(), near.slot.id))?.booked).toBe(0);
    expect((await registrationsOf(near.slot.id))[0]?.status).toBe('cancelled');
  });

  it('lets a son register his mother on Telegram, with a QR receipt, and move it with DOI LICH', async () => {
    const first = await site('TD-2', TRANG_DAI, 3);
    const chat = '424242';
    await textTelegram(chat, 'tiêm chủng', 'Đăng ký tiêm cho ai?');
    await textTelegram(chat, 'Cho người khác', 'Họ và tên người được tiêm?');
    await textTelegram(chat, 'Trần Thị Bích', 'Năm sinh');
    await textTelegram(chat, '1948', 'Số CCCD');
    await textTelegram(chat, '079148000777', 'thuộc nhóm nào');
    await textTelegram(chat, 'Người trên 65 tuổi', 'mũi thứ mấy');
    await textTelegram(chat, 'Mũi 2', 'Mũi trước đã tiêm vắc xin gì?');
    await textTelegram(chat, 'AstraZeneca', 'phường/xã nào');
    await textTelegram(chat, 'Trảng Dài', 'Chọn phường/xã');
    await textTelegram(chat, '1', 'Chọn điểm tiêm');
    // A tap on a reply-keyboard button sends its label.
    expect(button(chat, 'Tram TD-2')).toBe('Tram TD-2, TD-2 Dong Khoi (còn 3 chỗ)');
    await textTelegram(chat, button(chat, 'Tram TD-2'), 'Chọn giờ tiêm');
    await textTelegram(chat, '1', 'Xác nhận: Trần Thị Bích, 1948');
    await textTelegram(chat, 'có', 'Đã đăng ký: Trần Thị Bích');
    const [registration] = await registrationsOf(first.slot.id);
    expect(registration).toMatchObject({ forSelf: false, dose: 2, previousVaccine: 'AstraZeneca', birthYear: 1948 });
    const photo = await waitFor('QR receipt', () =>
      telegram.calls.find((call) => call.method === 'sendPhoto' && String(call.body.chat_id) === chat),
    );
    expect(String(photo.body.caption)).toContain(`Mã: ${registration?.code}`);
    await textTelegram(chat, 'không', 'Bạn cần gì?');

    const later = await createSlot(db(), {
      siteId: first.site.id,
      startsAt: inHours(80),
      endsAt: inHours(82),
      vaccine: 'Pfizer',
      capacity: 2,
    });
    await textTelegram(chat, 'doi lich', 'Đổi lịch tiêm nào?');
    await textTelegram(chat, '1', 'Chọn điểm tiêm');
    await textTelegram(chat, button(chat, 'Tram TD-2'), 'Chọn giờ tiêm');
    await textTelegram(chat, '2', 'Đổi sang');
    await textTelegram(chat, 'có', 'Đã đăng ký: Trần Thị Bích');
    expect((await findSlot(db(), first.slot.id))?.booked).toBe(0);
    expect((await findSlot(db(), later.id))?.booked).toBe(1);
  });

  it('offers a new choice when the slot fills or the site closes between choosing and confirming', async () => {
    const { slot } = await site('TD-3', TRANG_DAI, 1);
    await site('TP-3', TAN_PHONG, 2);
    const user = sms.userId(2);
    await textSms(user, 'tiem chung', 'Dang ky tiem cho ai?');
    await textSms(user, '1', 'Ho va ten');
    await textSms(user, 'Le Van Cuong', 'Nam sinh');
    await textSms(user, '1990', 'So CCCD');
    await textSms(user, '024123456', 'thuoc nhom nao');
    await textSms(user, '5', 'mui thu may');
    await textSms(user, '1', 'phuong/xa nao');
    await textSms(user, 'trang dai', 'Chon phuong/xa');
    const sites = await textSms(user, '1', 'Chon diem tiem');
    const choice = /(\d)\. Tram TD-3/.exec(sites)?.[1] ?? 'x';
    await textSms(user, choice, 'Chon gio tiem');
    await textSms(user, '1', 'Xac nhan: Le Van Cuong');
    // Someone else takes the last place meanwhile.
    const [other] = await registrants(db(), 1);
    const taken = await bookSlot(
      db(),
      {
        slotId: slot.id,
        registrantPersonId: other ?? '',
        forSelf: true,
        fullName: 'Nguoi khac',
        birthYear: 1980,
        idHash: 'h-other',
        idCipher: 'c-other',
        priorityGroup: 'general',
        dose: 1,
      },
      new Date(),
    );
    expect(taken.ok).toBe(true);
    const again = await textSms(user, '1', 'Chon diem tiem');
    expect(again).toContain('vua het cho hoac da dong');
    expect(again).not.toContain('Tram TD-3');
    expect((await registrationsOf(slot.id)).map((r) => r.fullName)).toEqual(['Nguoi khac']);
    expect((await db().select().from(vaccinationSlots).where(eq(vaccinationSlots.id, slot.id)))[0]?.booked).toBe(1);

    // Picking a site that closes before "yes": the same new choice, nothing booked there.
    const closing = await site('TD-4', TRANG_DAI, 4);
    await textSms(user, '0', 'Ban can gi?');
    await textSms(user, 'dang ky tiem', 'Dang ky tiem cho ai?');
    for (const [answer, expected] of [
      ['1', 'Ho va ten'],
      ['Le Van Cuong', 'Nam sinh'],
      ['1990', 'So CCCD'],
      ['024123456', 'thuoc nhom nao'],
      ['5', 'mui thu may'],
      ['1', 'phuong/xa nao'],
      ['trang dai', 'Chon phuong/xa'],
    ] as const) {
      await textSms(user, answer, expected);
    }
    const offered = await textSms(user, '1', 'Chon diem tiem');
    await textSms(user, /(\d)\. Tram TD-4/.exec(offered)?.[1] ?? 'x', 'Chon gio tiem');
    await textSms(user, '1', 'Xac nhan');
    await updateSite(db(), closing.site.id, { status: 'closed' });
    expect(await textSms(user, 'co', 'Chon diem tiem')).toContain('vua het cho hoac da dong');
    expect(await registrationsOf(closing.slot.id)).toEqual([]);
  });

  it('lets a ward officer register several elderly people in one Zalo conversation', async () => {
    const { slot } = await site('TP-5', TAN_PHONG, 10);
    const officer = zalo.userId(1);
    const people = [
      { name: 'Pham Thi Hoa', year: '1941', id: '075141000101' },
      { name: 'Vo Van Tam', year: '1939', id: '075039000202' },
    ];
    await converse(zalo, officer, 'tiêm chủng', 'Đăng ký tiêm cho ai?');
    for (const [index, person] of people.entries()) {
      await converse(zalo, officer, 'Cho người khác', 'Họ và tên');
      await converse(zalo, officer, person.name, 'Năm sinh');
      await converse(zalo, officer, person.year, 'Số CCCD');
      await converse(zalo, officer, person.id, 'thuộc nhóm nào');
      await converse(zalo, officer, 'Người trên 65 tuổi', 'mũi thứ mấy');
      await converse(zalo, officer, 'Mũi 1', 'phường/xã nào');
      await converse(zalo, officer, 'tan phong bien hoa', 'Chọn phường/xã');
      await converse(zalo, officer, '1', 'Chọn điểm tiêm');
      // Zalo shows the sites as buttons; a tap sends the label.
      await converse(zalo, officer, `Tram TP-5, TP-5 Dong Khoi (còn ${10 - index} chỗ)`, 'Chọn giờ tiêm');
      await converse(zalo, officer, '1', `Xác nhận: ${person.name}`);
      await converse(zalo, officer, 'có', `Đã đăng ký: ${person.name}`);
      if (index === 0) await converse(zalo, officer, 'có', 'Đăng ký tiêm cho ai?');
    }
    await converse(zalo, officer, 'không', 'Bạn cần gì?');
    const rows = await registrationsOf(slot.id);
    expect(rows.map((r) => [r.fullName, r.birthYear, r.forSelf]).sort()).toEqual([
      ['Pham Thi Hoa', 1941, false],
      ['Vo Van Tam', 1939, false],
    ]);
    expect(new Set(rows.map((r) => r.registrantPersonId)).size).toBe(1);
    expect((await findSlot(db(), slot.id))?.booked).toBe(2);
  });
});
