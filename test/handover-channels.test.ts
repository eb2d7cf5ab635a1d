import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReplies } from '../core/db/messages-repository.js';
import { foldDiacritics } from '../core/text/fold.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { telegramDriver } from './support/drivers/telegram-driver.js';
import { zaloDriver } from './support/drivers/zalo-driver.js';
import { sessionHeaders, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

// A citizen asks for a person on their own app; the ward officer reads and answers from the console API, and the
// answer arrives on that app. Texts are compared folded: SMS drops the diacritics the chat apps keep.
describe.each([
  { name: 'Telegram', driver: telegramDriver, keyword: 'Gặp nhân viên' },
  { name: 'Zalo OA', driver: zaloDriver, keyword: 'gặp nhân viên' },
  { name: 'SMS via SMPP', driver: smppDriver, keyword: 'gap nhan vien' },
])('human handover over $name', ({ driver: makeDriver, keyword }) => {
  let driver: ChannelDriver;
  let app: TestService;
  let officer: Record<string, string>;
  let nextId = 5_000_000;

  beforeAll(async () => {
    driver = await makeDriver();
    app = await startTestService(driver.env);
    driver.attach(app.service.url);
    officer = sessionHeaders(await signedInStaff(app, { username: 'cb.trangdai', role: 'ward', areas: ['25993'] }));
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  const user = () => driver.userId(1);
  const received = () => driver.received(user()).map(foldDiacritics);
  const say = async (text: string, expected: number) => {
    await driver.send(user(), text, String(nextId++));
    return waitFor(
      `${expected} messages to the citizen`,
      () => received().length >= expected && received().slice(0, expected),
    );
  };

  it('asks the ward, hands over, carries the reply, keeps the bot silent, and resumes once closed', async () => {
    const asked = await say(keyword, 2);
    expect(asked[0]).toBe('De chuyen ban toi can bo phuong/xa, cho chung toi biet ban o dau.');
    expect(asked[1]).toMatch(/^Ban o phuong\/xa nao\?/);
    await say('trang dai', 3);
    const opened = await say('1', 4);
    expect(opened[3]).toBe(
      'Da chuyen ban toi can bo Phuong Trang Dai. Can bo se tra loi ban tai day. Cap cuu goi 115. Go 0 de ve menu tu dong.',
    );

    const list = await app.get('/api/v1/conversations', officer);
    expect(list.status).toBe(200);
    expect(list.body.conversations).toEqual([
      expect.objectContaining({
        status: 'open',
        wardCode: '25993',
        channel: driver.channel,
        locale: 'vi',
        waitingForStaff: true,
      }),
    ]);
    const conversation = list.body.conversations[0];
    expect(conversation.address).toMatch(/\*{3}/);
    expect(conversation.address).not.toContain(user().slice(-4));
    const read = await app.get(`/api/v1/conversations/${conversation.id}`, officer);
    const lines = read.body.messages as { author: string; direction: string; text: string }[];
    expect(lines[0]).toMatchObject({ author: 'citizen', direction: 'in', text: keyword });
    expect(lines.at(-1)).toMatchObject({ author: 'bot', direction: 'out' });
    expect(foldDiacritics(lines.at(-1)?.text ?? '')).toBe(opened[3]);

    const answer = await app.post(
      `/api/v1/conversations/${conversation.id}/replies`,
      { text: 'Chào bạn, tôi là cán bộ phường Trảng Dài. Bạn cần giúp gì?' },
      officer,
    );
    expect(answer.status).toBe(202);
    expect(answer.body.messageId).toEqual(expect.any(String));
    const delivered = await waitFor('the reply on the app', () => received().length >= 5 && received());
    expect(delivered[4]).toBe('Chao ban, toi la can bo phuong Trang Dai. Ban can giup gi?');

    // The citizen's answer goes to the officer, not to the bot: stored, waiting, and nothing said back.
    await driver.send(user(), 'Tôi bị sốt từ hôm qua', String(nextId++));
    const waiting = await waitFor('the follow-up waiting for staff', async () => {
      const current = await app.get(`/api/v1/conversations/${conversation.id}`, officer);
      return current.body.conversation.waitingForStaff === true && current.body;
    });
    expect(waiting.messages.slice(-2)).toEqual([
      expect.objectContaining({ author: 'staff', staffName: 'Cán bộ', direction: 'out' }),
      expect.objectContaining({ author: 'citizen', text: 'Tôi bị sốt từ hôm qua' }),
    ]);
    expect(await listReplies(app.database.handle.db, waiting.messages.at(-1).id)).toEqual([]);
    expect(received()).toHaveLength(5);

    const closed = await app.post(`/api/v1/conversations/${conversation.id}/close`, {}, officer);
    expect(closed.status).toBe(200);
    expect(closed.body.conversation).toMatchObject({ status: 'closed', waitingForStaff: false });
    const told = await waitFor('the closing notice', () => received().length >= 6 && received());
    expect(told[5]).toBe(
      'Can bo da ket thuc cuoc tro chuyen. Cam on ban! Tin tiep theo cua ban se duoc tro ly tu dong tra loi.',
    );
    const resumed = await say('xin chao', 8);
    expect(resumed[6]).toMatch(/^Xin chao!/);
    expect(resumed[7]).toMatch(/^Ban can gi\?/);
  });
});
