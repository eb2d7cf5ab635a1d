import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, STAFF_PASSWORD } from './console-accounts.js';

// Signing in to the console in a real browser: a wrong password is told politely, the right one opens the console,
// and the language switch turns it into English and keeps it so.
describe('console sign-in (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService();
    await createStaff(app, { username: 'bs.lan', role: 'district', areas: ['731'], displayName: 'BS. Nguyễn Thị Lan' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('refuses a wrong password, signs in with the right one, and switches to English', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await page.goto(`${app.service.url}/console/campaigns`);
    expect(new URL(page.url()).pathname).toBe('/console/login');

    await page.getByLabel('Tên đăng nhập').fill('bs.lan');
    await page.getByLabel('Mật khẩu').fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await browser.screenshot(page, 'sign-in-wrong-password');

    await page.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL('**/console/campaigns');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Chiến dịch nhắn tin');
    await expect.poll(() => page.locator('.user-name').textContent()).toBe('BS. Nguyễn Thị Lan');
    await page.locator('#campaigns-table:not([aria-busy])').waitFor();
    await browser.screenshot(page, 'console-vi');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Campaigns');
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await browser.screenshot(page, 'console-en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/console/login');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual(['401 POST /auth/login']);
  });

  it('folds the nav behind a menu button on a phone', async () => {
    const page = await browser.newPage({ phone: true });
    await page.goto(`${app.service.url}/console/login`);
    await page.getByLabel(/Tên đăng nhập|Username/).fill('bs.lan');
    await page.getByLabel(/Mật khẩu|Password/).fill(STAFF_PASSWORD);
    await page.locator('#login button[type="submit"]').click();
    await page.waitForURL('**/console/overview');
    const nav = page.locator('#nav');
    expect(await nav.isVisible()).toBe(false);
    await page.locator('#nav-toggle').click();
    expect(await nav.isVisible()).toBe(true);
    await browser.screenshot(page, 'console-phone-menu');
  });
});
