import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentity } from '../core/db/identities-repository.js';
import { handovers } from '../core/db/schema.js';
import { foldDiacritics } from '../core/text/fold.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { telegramDriver } from './support/drivers/telegram-driver.js';
import { sessionHeaders, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

// A handover staff answered and then left open must not swallow the citizen's messages for weeks, and a citizen who
// waited a day for a first answer is told so once. Time passes by ageing the conversation's last message: the rule
// reads PostgreSQL's clock, as every handover timestamp does.
describe.each([
  {
    name: 'SMS via SMPP, in Vietnamese',
    driver: smppDriver,
    locale: 'vi' as const,
    keyword: 'gap nhan vien',
    stillWaiting: 'Can bo chua tra loi, tin cua ban da duoc luu. Cap cuu goi 115. Go 0 de ve menu tu dong.',
    ended:
      'Cuoc tro chuyen voi can bo da ket thuc. Tro ly tu dong tra loi tin nay. Go "gap nhan vien" de gap can bo lan nua.',
    greeting: /^Xin chao!/,
  },
  {
    name: 'Telegram, in English',
    driver: telegramDriver,
    locale: 'en' as const,
    keyword: 'staff',
    stillWaiting:
      'The staff have not answered yet; your message is saved. Emergencies: call 115. Send 0 for the automatic menu.',
    ended:
      'Your conversation with the staff has ended; the automatic assistant answers this message. Send "staff" to reach them again.',
    greeting: /^Hello!/,
  },
])('a handover left idle over $name', ({ driver: makeDriver, locale, keyword, stillWaiting, ended, greeting }) => {
  let driver: ChannelDriver;
  let app: TestService;
  let officer: Record<string, string>;
  let nextId = 6_000_000;

  beforeAll(async () => {
    driver = await makeDriver();
    app = await startTestService(driver.env);
    driver.attach(app.service.url);
    officer = sessionHeaders(await signedInStaff(app, { username: 'cb.idle', role: 'ward', areas: ['25993'] }));
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  const user = () => driver.userId(7);
  const received = () => driver.received(user()).map(foldDiacritics);
  const say = async (text: string, expected: number) => {
    await driver.send(user(), text, String(nextId++));
    return waitFor(`${expected} messages to the citizen`, () => received().length >= expected && received());
  };
  const conversation = async (id: string) => (await app.get(`/api/v1/conversations/${id}`, officer)).body;
  const quietForADay = (id: string) =>
    app.database.handle.db
      .update(handovers)
      .set({ lastMessageAt: sql`${handovers.lastMessageAt} - interval '25 hours'` })
      .where(eq(handovers.id, id));

  it('tells a citizen still waiting once, then ends the conversation a day after staff last answered', async () => {
    // Someone who chose their language before.
    await resolveIdentity(app.database.handle.db, { channel: driver.channel, externalId: user(), locale });
    await say(keyword, 2);
    await say('trang dai', 3);
    await say('1', 4);
    const [open] = (await app.get('/api/v1/conversations', officer)).body.conversations;
    expect(open).toMatchObject({ status: 'open', waitingForStaff: true });

    // A day with no answer: the next message is still for staff, and the citizen is told once that it waits.
    await quietForADay(open.id);
    const reminded = await say('Con ai o do khong?', 5);
    expect(reminded[4]).toBe(stillWaiting);
    await driver.send(user(), 'alo', String(nextId++));
    await waitFor('the second message stored for staff', async () =>
      (await conversation(open.id)).messages.some((line: { text: string }) => line.text === 'alo'),
    );
    expect((await conversation(open.id)).conversation).toMatchObject({ status: 'open', waitingForStaff: true });
    expect(received()).toHaveLength(5);

    // Staff answer, then a day passes: the conversation has ended, and the message goes to the bot.
    const answer = await app.post(`/api/v1/conversations/${open.id}/replies`, { text: 'Chào bạn' }, officer);
    expect(answer.status).toBe(202);
    await waitFor('the answer on the app', () => received().length >= 6);
    await quietForADay(open.id);
    const resumed = await say('xin chao', 8);
    expect(resumed[6]).toBe(ended);
    expect(resumed[7]).toMatch(greeting);
    expect((await conversation(open.id)).conversation).toMatchObject({ status: 'closed', waitingForStaff: false });
    const [row] = await app.database.handle.db.select().from(handovers).where(eq(handovers.id, open.id));
    expect(row?.closedBy).toBe('idle');
  });

  it('keeps a conversation staff answered within the day', async () => {
    const other = driver.userId(8);
    await resolveIdentity(app.database.handle.db, { channel: driver.channel, externalId: other, locale });
    const count = () => driver.received(other).length;
    for (const [text, expected] of [
      [keyword, 2],
      ['trang dai', 3],
      ['1', 4],
    ] as const) {
      await driver.send(other, text, String(nextId++));
      await waitFor(`${expected} messages`, () => count() >= expected);
    }
    const list = (await app.get('/api/v1/conversations?status=open', officer)).body.conversations;
    const open = list.find((item: { waitingForStaff: boolean }) => item.waitingForStaff);
    await app.post(`/api/v1/conversations/${open.id}/replies`, { text: 'Chào bạn' }, officer);
    await waitFor('the answer', () => count() >= 5);
    await driver.send(other, 'Cam on', String(nextId++));
    await waitFor(
      'the thanks stored for staff',
      async () => (await conversation(open.id)).conversation.waitingForStaff,
    );
    expect((await conversation(open.id)).conversation.status).toBe('open');
    expect(count()).toBe(5);
  });
});
