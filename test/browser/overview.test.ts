import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, raw, signIn, signInPage } from './console-accounts.js';
import { OTHER_WARD, seedHealth, WARD_OFFICER } from './health-seed.js';

// The overview as a ward officer reads it: the console opens on it, its cards and charts count their ward only.
describe('console overview (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService();
    await seedHealth(app.database.handle.db);
    await createStaff(app, WARD_OFFICER);
    await createStaff(app, { username: 'cb.bienhoa', role: 'district', areas: ['731'] });
    await createStaff(app, { username: 'chu.quan', role: 'venue_owner', areas: ['25993'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("opens on the overview with the officer's ward only in cards, charts and the ward table", async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.trangdai');
    expect(new URL(page.url()).pathname).toBe('/console/overview');
    await page.locator('#overview-cards:not([aria-busy])').waitFor();

    const card = (name: string) => page.locator(`[data-card="${name}"] b`).textContent();
    expect(await card('declarations')).toBe('3');
    expect(await card('highRisk')).toBe('1');
    expect(await card('monitoring')).toBe('3');
    expect(await page.locator('[data-card="monitoring"] .muted').textContent()).toBe('1 người quá hạn báo cáo');
    expect(await card('checkins')).toBe('2');
    expect(await card('relief')).toBe('0');

    // 14 days: today's three and the one of five days ago; Long Khánh's three high-risk are not there.
    const chart = (name: string) => page.locator(`svg[data-series="${name}"]`);
    expect(await chart('declarations').getAttribute('data-total')).toBe('4');
    expect(await chart('declarations').locator('rect').count()).toBe(14);
    expect(await chart('declarations').locator('rect').last().getAttribute('data-value')).toBe('3');
    expect(await chart('highRisk').getAttribute('data-total')).toBe('1');
    expect(await chart('checkins').getAttribute('data-total')).toBe('2');
    expect(await page.locator('#overview-wards tbody tr').allTextContents()).toEqual(['Phường Trảng Dài412']);

    // The picker offers their ward (and "all my areas"), nothing of another ward or a whole district.
    const options = await page
      .locator('#overview-area option')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('value')));
    expect(options).toEqual(['', 'ward:25993']);
    await page.locator('#overview-area').selectOption('ward:25993');
    await expect.poll(() => page.locator('#overview-today').textContent()).toMatch(/^Số liệu ngày \d\d\/\d\d\/\d{4}/);
    expect(await card('declarations')).toBe('3');
    await browser.screenshot(page, 'overview-ward');
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it('lets a district officer read their whole district or one ward of it', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.bienhoa');
    const options = await page
      .locator('#overview-area option')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('value')));
    expect(options.slice(0, 2)).toEqual(['', 'district:731']);
    expect(options).toContain('ward:25996');
    expect(options.some((value) => value?.startsWith('district:') && value !== 'district:731')).toBe(false);
    await page.locator('#overview-area').selectOption('district:731');
    // Biên Hòa holds Trảng Dài's three of today; Long Khánh's three are another district's.
    await expect.poll(() => page.locator('[data-card="declarations"] b').textContent()).toBe('3');
    await page.locator('#overview-area').selectOption('ward:25996');
    await expect.poll(() => page.locator('[data-card="declarations"] b').textContent()).toBe('0');
    expect(await page.locator('svg[data-series="declarations"]').getAttribute('data-total')).toBe('0');
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it('fits a phone', async () => {
    const page = await browser.newPage({ phone: true });
    await signInPage(page, app.service.url, 'cb.trangdai');
    await page.locator('svg[data-series="checkins"]').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await browser.screenshot(page, 'overview-phone');
  });

  it('is refused to a venue owner, and the API refuses the officer another ward', async () => {
    const owner = await signIn(app, 'chu.quan');
    expect((await raw(app, '/console/overview', { headers: { cookie: owner.cookie } })).status).toBe(403);
    const officer = await signIn(app, 'cb.trangdai');
    expect((await raw(app, '/console/overview', { headers: { cookie: officer.cookie } })).status).toBe(200);
    const other = await raw(app, `/api/v1/overview?ward=${OTHER_WARD}`, { headers: { cookie: officer.cookie } });
    expect(other.status).toBe(403);
  });
});
