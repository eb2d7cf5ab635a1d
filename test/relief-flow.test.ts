import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reliefHouseholds, reliefRequests } from '../core/db/schema.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { zaloDriver } from './support/drivers/zalo-driver.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const TRANG_DAI = '25993';

// The relief request conversation end to end over SMS (SMSC simulator) and Zalo (fake OA API): the same household
// asking on both with different spellings of its address is one household; odd answers are re-asked; nothing is
// stored until the requester confirms; "TT" tells the state.
describe('relief request flow', () => {
  let sms: ChannelDriver;
  let zalo: ChannelDriver;
  let app: TestService;
  let messageNo = 0;

  beforeAll(async () => {
    sms = await smppDriver();
    zalo = await zaloDriver();
    app = await startTestService({ ...sms.env, ...zalo.env });
    sms.attach(app.service.url);
    zalo.attach(app.service.url);
  });
  afterAll(async () => {
    await app.stop();
    await zalo.close();
    await sms.close();
  });

  /** Sends one message and waits for replies (after it) containing every `expected` text; returns those replies. */
  const say = async (driver: ChannelDriver, user: string, text: string, ...expected: string[]) => {
    const before = driver.received(user).length;
    await driver.send(user, text, `relief-flow-${++messageNo}`);
    return waitFor(`"${expected.join('", "')}" after "${text}"`, () => {
      const replies = driver.received(user).slice(before);
      return expected.every((part) => replies.some((reply) => reply.includes(part))) && replies;
    });
  };
  const householdsOf = (phone: string) =>
    app.database.handle.db.select().from(reliefHouseholds).where(eq(reliefHouseholds.phone, phone));

  // Up to the address question, the same on every channel.
  const startRequest = async (driver: ChannelDriver, user: string, name: string, phone: string, ward: string) => {
    const sms = driver.channel === 'sms';
    await say(driver, user, sms ? 'CUU TRO' : 'cứu trợ', sms ? 'Ho ten chu ho' : 'Họ tên chủ hộ');
    await say(driver, user, name, sms ? 'So dien thoai' : 'Số điện thoại');
    await say(driver, user, phone, sms ? 'phuong/xa nao' : 'phường/xã nào');
    await say(driver, user, ward, sms ? 'Chon phuong/xa' : 'Chọn phường/xã');
    await say(driver, user, '1', sms ? 'Dia chi nha' : 'Địa chỉ nhà');
  };

  it('one household asking by SMS and by Zalo with two spellings of its address is one household', async () => {
    const user = sms.userId(1);
    await startRequest(sms, user, 'Nguyen Van Hai', '0987 650 777', 'trang dai bien hoa');
    await say(sms, user, 'So 3 hem 12 Nguyen Trai', 'Ho co bao nhieu nguoi');
    // A bare "0" is the menu command everywhere; "0 người" is a size of zero.
    await say(sms, user, '0 nguoi', 'tu 1 den 50');
    await say(sms, user, '300', 'tu 1 den 50');
    await say(sms, user, 'bon', 'Trong ho co ai');
    await say(sms, user, '1', 'May nguoi tren 60');
    await say(sms, user, '1', 'Hoan canh');
    await say(sms, user, '2', 'Can gi');
    await say(sms, user, '1 xang', 'Khong hieu "xang"');
    await say(sms, user, 'gao, sua', 'Muc can thiet');
    const confirm = await say(sms, user, '2', 'Dung khong');
    expect(confirm.join('\n')).toContain('Nguyen Van Hai, 4 nguoi, So 3 hem 12 Nguyen Trai. Can: gao, sua');
    const done = await say(sms, user, 'co', 'Da nhan yeu cau so');
    const number = /so (\d+)/.exec(done.join('\n'))?.[1];

    const zaloUser = zalo.userId(1);
    await startRequest(zalo, zaloUser, 'Nguyễn Văn Hải', '+84 987 650 777', 'Trảng Dài');
    await say(zalo, zaloUser, '12/3 Nguyễn Trãi, P. Trảng Dài, TP Biên Hòa', 'Hộ có bao nhiêu người');
    await say(zalo, zaloUser, '4', 'Trong hộ có ai');
    await say(zalo, zaloUser, 'không', 'Hoàn cảnh');
    await say(zalo, zaloUser, 'cách ly', 'Cần gì');
    await say(zalo, zaloUser, 'mì tôm và dầu ăn', 'Mức cần thiết');
    await say(zalo, zaloUser, 'Đã hết lương thực', 'Đúng không');
    await say(
      zalo,
      zaloUser,
      'có',
      `yêu cầu số ${number} trong đợt này; yêu cầu mới được gộp vào đó`,
      `Yêu cầu cứu trợ số ${number}: đã nhận`,
    );

    const [household, ...others] = await householdsOf('+84987650777');
    expect(others).toEqual([]);
    expect(household).toMatchObject({ wardCode: TRANG_DAI, size: 4 });
    const requests = await app.database.handle.db
      .select()
      .from(reliefRequests)
      .where(eq(reliefRequests.householdId, household?.id ?? ''));
    expect(requests.map((r) => [r.status, r.items])).toEqual([
      ['submitted', ['rice', 'milk']],
      ['attached', ['noodles', 'oil']],
    ]);

    // The neighbour who asked again on Zalo follows the same request.
    await say(zalo, zaloUser, 'trạng thái', `Yêu cầu cứu trợ số ${number}: đã nhận`);
    const status = await say(sms, user, 'TT', `Yeu cau cuu tro so ${number}`);
    expect(status.join('\n')).toContain('da nhan, dang cho can bo phuong xac minh');
  });

  it('re-asks an empty or meaningless address and an elder count above the household size', async () => {
    const user = sms.userId(2);
    await startRequest(sms, user, 'Le Thi Mai', '0987650778', 'trang dai');
    await say(sms, user, ' ', 'Chua ro dia chi');
    await say(sms, user, ', . ;', 'Chua ro dia chi');
    await say(sms, user, '8 Ham Nghi', 'Ho co bao nhieu nguoi');
    await say(sms, user, '2', 'Trong ho co ai');
    await say(sms, user, '1 3', 'May nguoi tren 60');
    await say(sms, user, '3', 'May nguoi khuyet tat');
    await say(sms, user, '1', 'khong the nhieu hon so nguoi trong ho (2)', 'May nguoi tren 60');
    await say(sms, user, '2', 'May nguoi khuyet tat');
    await say(sms, user, '1', 'Hoan canh');
  });

  it('stores nothing when the requester says no at the end or leaves half-way', async () => {
    const user = sms.userId(3);
    await startRequest(sms, user, 'Pham Van Tu', '0987650779', 'trang dai');
    await say(sms, user, '9 Ham Nghi', 'Ho co bao nhieu nguoi');
    await say(sms, user, '1', 'Trong ho co ai');
    await say(sms, user, 'khong', 'Hoan canh');
    await say(sms, user, '3', 'Can gi');
    await say(sms, user, '7', 'Can them gi khac');
    await say(sms, user, 'ta giay', 'Muc can thiet');
    await say(sms, user, '1', 'Dung khong');
    await say(sms, user, 'khong', 'Da huy');
    expect(await householdsOf('+84987650779')).toEqual([]);

    const leaver = sms.userId(4);
    await startRequest(sms, leaver, 'Vo Van Nam', '0987650780', 'trang dai');
    await say(sms, leaver, '10 Ham Nghi', 'Ho co bao nhieu nguoi');
    await say(sms, leaver, '0', 'Ban can gi');
    expect(await householdsOf('+84987650780')).toEqual([]);
    await say(sms, leaver, 'tt', 'chua co yeu cau cuu tro nao');
  });
});
