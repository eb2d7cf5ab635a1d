import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDriver } from '../support/drivers/driver.js';
import { smppDriver } from '../support/drivers/smpp-driver.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../support/test-service.js';
import { waitFor } from '../support/wait-for.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, raw, signIn, signInPage } from './console-accounts.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const CLOSED_NOTICE =
  'Can bo da ket thuc cuoc tro chuyen. Cam on ban! Tin tiep theo cua ban se duoc tro ly tu dong tra loi.';

// A citizen on SMS asks for a person and a ward officer answers from the console: the conversation appears live, the
// reply reaches the citizen's phone through the SMSC simulator, the citizen's answer appears live, and once the
// officer closes it the bot answers again.
describe('console inbox (browser)', { timeout: 90_000 }, () => {
  let sms: ChannelDriver;
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    sms = await smppDriver();
    app = await startTestService(sms.env);
    await createStaff(app, { username: 'cb.trangdai', role: 'ward', areas: ['25993'], displayName: 'Y sĩ Hoa' });
    await createStaff(app, { username: 'cb.longkhanh', role: 'ward', areas: ['26071'] });
    await createStaff(app, { username: 'quan.ca', role: 'venue_owner', areas: ['25993'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sms?.close();
  });

  /** Sends a text as the citizen and waits until `count` SMS in all have reached them; returns the
   * `count`-th (a later one, such as the menu after a conversation ends, may already be in). */
  const say = async (user: string, text: string, count: number) => {
    await sms.send(user, text, '');
    const got = await waitFor(
      `${count} SMS to ${user}`,
      () => sms.received(user).length >= count && sms.received(user),
    );
    return got[count - 1];
  };

  it('shows a handed-over citizen live, replies on SMS, follows the answer, and closes back to the bot', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.trangdai');
    await page.goto(`${app.service.url}/console/inbox`);
    await page.locator('#inbox-live').waitFor();
    await expect.poll(() => page.locator('#inbox-conversations').textContent()).toBe('Chưa có cuộc trò chuyện nào.');

    const user = sms.userId(1);
    await say(user, 'gap nhan vien', 2);
    await say(user, 'trang dai', 3);
    expect(await say(user, '1', 4)).toMatch(/^Da chuyen ban toi can bo Phuong Trang Dai\./);

    // Live: no reload; the citizen waits for an answer.
    const entry = page.locator('.conversation-list li.waiting', { hasText: `+84******${user.slice(-3)}` });
    await entry.waitFor();
    await expect.poll(() => entry.locator('.badge').textContent()).toBe('Chờ trả lời');
    await entry.locator('a').click();
    const lines = page.locator('#thread-messages li');
    await expect
      .poll(() => page.locator('#thread-messages li.citizen .message-text').allTextContents())
      .toEqual(['gap nhan vien', 'trang dai', '1']);
    await expect.poll(() => lines.last().textContent()).toContain('115');
    await expect.poll(() => lines.last().getAttribute('class')).toBe('message bot');

    const reply = page.getByLabel('Trả lời người dân');
    await reply.fill('Chào bạn, cán bộ phường Trảng Dài đây. Bạn cần hỗ trợ gì?');
    // The server's preview folds the diacritics as the carrier will: one plain SMS.
    await expect
      .poll(() => page.locator('#reply-counter').textContent())
      .toBe('57 ký tự · 1 tin SMS · không dấu (GSM-7)');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    expect(await waitFor('the reply on the phone', () => sms.received(user).length >= 5 && sms.received(user)[4])).toBe(
      'Chao ban, can bo phuong Trang Dai day. Ban can ho tro gi?',
    );
    const staffLine = page.locator('#thread-messages li.staff');
    await expect.poll(() => staffLine.locator('b').textContent()).toBe('Y sĩ Hoa');
    await expect.poll(() => reply.inputValue()).toBe('');

    await sms.send(user, 'Toi bi sot 39 do tu hom qua', '');
    await expect.poll(() => lines.last().textContent(), { timeout: 10_000 }).toContain('Toi bi sot 39 do tu hom qua');
    expect(sms.received(user)).toHaveLength(5); // the bot stays silent while staff have the conversation
    await browser.screenshot(page, 'inbox-conversation');

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Kết thúc hội thoại' }).click();
    await page.locator('#thread-closed').waitFor();
    expect(await page.locator('#reply-form').isVisible()).toBe(false);
    expect(await waitFor('the closing notice', () => sms.received(user)[5])).toBe(CLOSED_NOTICE);
    expect(await say(user, 'xin chao', 8)).toMatch(/^Ban can gi\?/);

    const id = new URL(page.url()).hash.replace('#c=', '');
    const stored = await app.get(`/api/v1/conversations/${id}`, admin);
    expect(stored.body.conversation.status).toBe('closed');
    expect(stored.body.messages).toContainEqual(
      expect.objectContaining({ author: 'staff', staffName: 'Y sĩ Hoa', text: expect.stringMatching(/^Chào bạn/) }),
    );
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it("shows another ward's officer none of it, fits a phone, and refuses a venue owner", async () => {
    const page = await browser.newPage({ phone: true });
    await signInPage(page, app.service.url, 'cb.longkhanh');
    await page.goto(`${app.service.url}/console/inbox`);
    await expect.poll(() => page.locator('#inbox-conversations').textContent()).toBe('Chưa có cuộc trò chuyện nào.');
    await browser.screenshot(page, 'inbox-phone-other-ward');

    const owner = await signIn(app, 'quan.ca');
    expect((await raw(app, '/console/inbox', { headers: { cookie: owner.cookie } })).status).toBe(403);
  });
});
