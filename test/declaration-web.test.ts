import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalIdCipher } from '../core/crypto/national-id-cipher.js';
import { botState, declarations, householdMembers, messages } from '../core/db/schema.js';
import { startTestService, TEST_ADMIN_TOKEN, TEST_NATIONAL_ID_KEY, type TestService } from './support/test-service.js';

type Reply = { text: string; choices?: { value: string; label: string }[]; image?: { src: string; alt: string } };

// Both declarations through the web test channel, the way the chat page talks to the service.
describe('health declarations on the web channel', () => {
  let app: TestService;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const send = async (userId: string, text: string): Promise<Reply[]> => {
    const { status, body } = await app.post('/channels/web/messages', { userId, text });
    expect(status).toBe(200);
    return body.replies;
  };
  /** Sends each answer in turn; returns the replies to the last one. */
  const answer = async (userId: string, ...texts: string[]) => {
    let replies: Reply[] = [];
    for (const text of texts) replies = await send(userId, text);
    return replies;
  };
  const rows = () => app.database.handle.db.select().from(declarations).orderBy(declarations.createdAt);

  beforeAll(async () => {
    // Turns read the service clock: "today" for dates and the year of birth.
    // A whole declaration is more than the default 20 messages a minute when answered by a script.
    app = await startTestService(
      { INBOUND_FLOOD_LIMIT_PER_MINUTE: '500' },
      { now: () => new Date('2026-11-22T03:00:00Z') },
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it('declares for oneself: every question, a QR receipt, advice; the receipt verifies', async () => {
    const first = await send('lan', 'KB');
    expect(first[0]?.text).toBe('Bạn khai báo cho ai?');
    expect(first[0]?.choices?.map((c) => c.value)).toEqual(['self', 'new']);
    expect((await send('lan', '1'))[0]?.text).toBe('Họ và tên người khai báo?');
    await answer('lan', 'Nguyễn Thị Lan', '1985', 'nu', '0912 345 678');
    const wards = await send('lan', 'trang dai bien hoa');
    expect(wards[0]?.choices?.[0]).toEqual({ value: '25993', label: 'Phường Trảng Dài (Biên Hòa)' });
    expect((await send('lan', '1'))[0]?.text).toBe('Số nhà, tên đường/thôn xóm?');
    await answer('lan', '12 Đồng Khởi', 'co', 'co', 'khong', 'khong', 'khong', 'khong', 'khong');
    expect((await send('lan', 'co'))[0]?.text).toBe('Có tiếp xúc gần người nhiễm (F0) không?');
    const done = await answer('lan', 'co', 'khong', 'khong', 'co', '2');
    expect(done[0]?.text).toMatch(
      /^Đã khai báo xong\. Mã xác nhận: [A-Z0-9]{8} \(dùng trong 24 giờ\)\. Mức nguy cơ: cao \(đỏ\)\.$/,
    );
    expect(done[0]?.image?.src).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(done[1]?.text).toContain('Trạm y tế phường đã được báo');
    const [stored] = await rows();
    expect(stored).toMatchObject({
      kind: 'domestic',
      fullName: 'Nguyễn Thị Lan',
      birthYear: 1985,
      gender: 'female',
      phone: '+84912345678',
      wardCode: '25993',
      address: '12 Đồng Khởi',
      symptoms: ['fever'],
      exposures: ['confirmedContact'],
      vaccineDoses: 2,
      riskLevel: 'high',
      ruleVersion: '2021-09-v1',
      riskReasons: ['symptomsAfterContact'],
      channel: 'web',
    });
    expect(stored?.personId).toBe(stored?.declaredBy);
    const code = /Mã xác nhận: (\w{8})/.exec(done[0]?.text ?? '')?.[1];
    const receipt = await app.get(`/api/v1/receipts/${code}`, auth);
    expect(receipt.body).toMatchObject({ valid: true, name: 'N***** T** Lan', colour: 'red' });
  });

  it('offers "same as last time" to a returning person and stores an unchanged copy', async () => {
    const first = await send('lan', 'khai bao y te');
    expect(first[0]?.choices?.[0]?.label).toBe('Bản thân (Nguyễn Thị Lan)');
    const same = await send('lan', '1');
    expect(same[0]?.text).toBe('Giữ thông tin lần trước? Nguyễn Thị Lan, 1985, 12 Đồng Khởi');
    expect((await send('lan', 'co'))[0]?.text).toMatch(/^Trong 14 ngày qua có sốt/);
    const done = await answer('lan', 'khong', 'khong', 'co', '3');
    expect(done[0]?.text).toContain('Mức nguy cơ: thấp (xanh)');
    const [, second] = await rows();
    expect(second).toMatchObject({
      fullName: 'Nguyễn Thị Lan',
      wardCode: '25993',
      phone: '+84912345678',
      riskLevel: 'low',
    });
  });

  it('declares for a new family member, stored against that member, who is offered next time', async () => {
    await answer('lan', 'kb', '2');
    await answer('lan', 'Trần Văn Bình', '1950', 'nam', '0912345678', 'trang dai', '1', '12 Đồng Khởi');
    // Breathless at 76, nothing else: high by the age rule.
    const result = await answer('lan', 'co', 'khong', 'khong', 'co', 'khong', 'khong', 'khong', 'khong', 'khong');
    expect(result[0]?.text).toContain('Mức nguy cơ: cao (đỏ)');
    const member = (await rows()).at(-1);
    expect(member).toMatchObject({
      fullName: 'Trần Văn Bình',
      birthYear: 1950,
      vaccineDoses: 0,
      riskReasons: ['breathlessElderly'],
    });
    expect(member?.personId).not.toBe(member?.declaredBy);
    const [link] = await app.database.handle.db
      .select()
      .from(householdMembers)
      .where(eq(householdMembers.memberId, member?.personId ?? ''));
    expect(link?.managerId).toBe(member?.declaredBy);
    const again = await send('lan', 'kb');
    expect(again[0]?.choices?.map((c) => c.label)).toEqual([
      'Bản thân (Nguyễn Thị Lan)',
      'Trần Văn Bình (1950)',
      'Người nhà khác (mới)',
    ]);
    expect((await send('lan', '2'))[0]?.text).toBe('Giữ thông tin lần trước? Trần Văn Bình, 1950, 12 Đồng Khởi');
  });

  it.each(['1890', '2090'])('re-asks a year of birth of %s', async (year) => {
    const user = `year-${year}`;
    await answer(user, 'kb', '1', 'Lê Văn Tám');
    expect((await send(user, year))[0]?.text).toMatch(/^Vui lòng trả lời bằng một số từ 1900 đến 20\d\d\. Năm sinh\?/);
  });

  it('re-asks a 500-character name, and after three odd answers stops without storing anything', async () => {
    const before = (await rows()).length;
    await answer('long', 'kb', '1');
    const long = 'A'.repeat(500);
    expect((await send('long', long))[0]?.text).toMatch(/^Vui lòng trả lời từ 2 đến 100 ký tự\./);
    await send('long', long);
    const gaveUp = await send('long', long);
    expect(gaveUp[0]?.text).toContain('1900 9095');
    expect(gaveUp.at(-1)?.text).toBe('Bạn cần gì?');
    expect(await rows()).toHaveLength(before);
  });

  it('re-asks a ward that does not exist', async () => {
    await answer('noward', 'kb', '1', 'Phạm Văn Đồng', '1970', 'nam', '0987654321');
    expect((await send('noward', 'Hoan Kiem'))[0]?.text).toBe(
      'Không tìm thấy phường/xã "Hoan Kiem". Hãy gõ lại tên phường/xã và quận/huyện.',
    );
  });

  it('walks the entry declaration in English', async () => {
    await answer('visitor', 'menu', '6', '2');
    const intro = await send('visitor', 'NC');
    expect(intro.map((r) => r.text)).toEqual([
      'Entry health declaration. Please answer truthfully.',
      'Full name (as in your passport)?',
    ]);
    await answer('visitor', 'John Smith', '1980', 'male', 'C1234567', 'British', 'VN54', '12A', 'Tan Son Nhat');
    expect((await send('visitor', '3 days ago'))[0]?.text).toMatch(/^That date does not look right/);
    await answer('visitor', '20/11/2026', 'United Kingdom, Singapore', '+84 912 000 333');
    await answer('visitor', 'tan phong bien hoa', '1', '1 Main Street');
    const done = await send('visitor', 'no');
    expect(done[0]?.text).toMatch(
      /^Declaration done\. Code: \w{8} \(valid 24 hours\)\. Risk level: moderate \(yellow\)\.$/,
    );
    const entry = (await rows()).at(-1);
    expect(entry).toMatchObject({
      kind: 'entry',
      fullName: 'John Smith',
      exposures: ['abroad'],
      riskLevel: 'moderate',
      travel: {
        documentMasked: '*****567',
        nationality: 'British',
        vehicle: 'VN54',
        seat: '12A',
        port: 'Tan Son Nhat',
        arrivalDate: '2026-11-20',
        countries: 'United Kingdom, Singapore',
      },
    });
    const cipher = createNationalIdCipher(Buffer.from(TEST_NATIONAL_ID_KEY, 'base64'));
    const travel = entry?.travel as { documentCipher: string } | undefined;
    expect(cipher.decrypt(travel?.documentCipher ?? '')).toBe('C1234567');
    // Nowhere in clear: not in the stored messages, not in the conversation state.
    const db = app.database.handle.db;
    expect(await db.select().from(messages).where(like(messages.text, '%C1234567%'))).toEqual([]);
    const states = await db.select().from(botState);
    expect(JSON.stringify(states)).not.toContain('C1234567');
  });
});
