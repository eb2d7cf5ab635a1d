import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, raw, signIn, signInPage } from './console-accounts.js';
import { OTHER_WARD, seedHealth, WARD_OFFICER } from './health-seed.js';

// The home-monitoring board as a ward officer reads it: red first, overdue flagged, a person's readings on click.
describe('console monitoring board (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService();
    await seedHealth(app.database.handle.db);
    await createStaff(app, WARD_OFFICER);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists the red person first, filters by colour and opens their readings', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.trangdai');
    await page.goto(`${app.service.url}/console/monitoring`);
    const rows = page.locator('#board-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const colours = await rows
      .locator('[data-colour]')
      .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-colour')));
    expect(colours).toEqual(['red', 'amber', 'green']);
    expect(await rows.first().textContent()).toContain('Võ Văn Cường');
    expect(await rows.first().textContent()).toContain('SpO2 dưới 94%');
    expect(await rows.nth(1).locator('[data-flag="overdue"]').textContent()).toContain('Quá hạn');
    expect(await page.locator('#board-table').textContent()).not.toContain('Hồ Thị Dung');
    const count = (colour: string) => page.locator(`[data-count="${colour}"]`).textContent();
    expect([await count('red'), await count('amber'), await count('green')]).toEqual(['1', '1', '1']);
    await browser.screenshot(page, 'monitoring-board');

    await page.locator('#board-colours button[data-colour="amber"]').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Bùi Thị Bình');
    await page.locator('#board-colours button[data-colour=""]').click();
    await expect.poll(() => rows.count()).toBe(3);

    await rows.first().click();
    await expect.poll(() => page.locator('#person-name').textContent()).toBe('Võ Văn Cường');
    const readings = page.locator('#person-readings tbody tr');
    await expect.poll(() => readings.count()).toBe(2);
    // Newest first: today's SpO2 92 is the danger.
    expect(await readings.first().textContent()).toContain('92 %');
    expect(await readings.first().textContent()).toContain('Nguy hiểm');
    expect(await readings.nth(1).textContent()).toContain('Ổn định');
    await browser.screenshot(page, 'monitoring-readings');
    await page.getByRole('button', { name: '← Về bảng theo dõi' }).click();
    await expect.poll(() => page.locator('#board-list').isVisible()).toBe(true);
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it("refuses another ward's board to the officer", async () => {
    const officer = await signIn(app, 'cb.trangdai');
    const other = await raw(app, `/api/v1/monitoring/board?ward=${OTHER_WARD}`, {
      headers: { cookie: officer.cookie },
    });
    expect(other.status).toBe(403);
  });
});
