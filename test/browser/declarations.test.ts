import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, raw, signIn, signInPage } from './console-accounts.js';
import { declare, OTHER_WARD, OWN_WARD, seedHealth, WARD_OFFICER } from './health-seed.js';

const ENTRY = {
  documentCipher: 'ciphertext-never-shown',
  documentMasked: 'C12****89',
  nationality: 'Úc',
  vehicle: 'VN780',
  seat: '12A',
  port: 'Tân Sơn Nhất',
  arrivalDate: '2026-11-20',
  countries: 'Úc',
};
// More than one page of the list (50 rows), so "show more" follows the API's cursor.
const EXTRA = 52;

// Declarations as a ward officer works them: filter, open one, page through, take the CSV.
describe('console declarations (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService();
    const db = app.database.handle.db;
    await seedHealth(db);
    await declare(db, { wardCode: OWN_WARD, fullName: 'John Smith', travel: ENTRY }, 1);
    for (let n = 1; n <= EXTRA; n++) await declare(db, { wardCode: OWN_WARD, fullName: `Khách ${n}` }, 2);
    await createStaff(app, WARD_OFFICER);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('filters by risk, opens a declaration, pages with "show more" and links the same filter as CSV', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.trangdai');
    await page.goto(`${app.service.url}/console/declarations`);
    const rows = page.locator('#declarations-table tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.locator('select[name="area"] option').count()).toBe(1);

    await page.locator('#declaration-filters select[name="risk"]').selectOption('high');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Trần Thị Hoa');
    expect(await page.locator('#declarations-more').isHidden()).toBe(true);
    const csvHref = await page.locator('#declarations-csv').getAttribute('href');
    expect(csvHref).toContain(`ward=${OWN_WARD}`);
    expect(csvHref).toContain('risk=high');
    expect(csvHref).toContain('format=csv');
    const csv = await page.evaluate<string, string>(async (href) => (await fetch(href)).text(), csvHref ?? '');
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Trần Thị Hoa');
    expect(csv).not.toContain('Ngô Văn');

    await rows.first().click();
    await expect.poll(() => page.locator('#declaration-name').textContent()).toBe('Trần Thị Hoa');
    const fact = (name: string) => page.locator(`#declaration-facts [data-field="${name}"]`).textContent();
    expect(await fact('risk')).toBe('Cao');
    expect(await fact('symptoms')).toBe('Sốt, Ho');
    expect(await fact('exposures')).toBe('Tiếp xúc ca bệnh');
    expect(await fact('reasons')).toBe('Có triệu chứng sau khi tiếp xúc ca bệnh');
    expect(await fact('gender')).toBe('Nữ');
    await browser.screenshot(page, 'declarations-detail');
    await page.getByRole('button', { name: '← Về danh sách' }).click();
    await expect.poll(() => page.locator('#declaration-list').isVisible()).toBe(true);

    await page.locator('#declaration-filters select[name="risk"]').selectOption('');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    // A filter edited but not applied leaves "show more" and the CSV to the list on screen.
    await page.locator('#declaration-filters select[name="risk"]').selectOption('high');
    await page.getByRole('button', { name: 'Xem thêm' }).click();
    // Three of today, one entry of yesterday, one of five days ago and the extra ones; nothing of Long Khánh.
    await expect.poll(() => rows.count()).toBe(5 + EXTRA);
    expect(await page.locator('#declarations-more').isHidden()).toBe(true);
    expect(await page.locator('#declarations-table').textContent()).not.toContain('Ngô Văn');
    expect(await page.locator('#declarations-csv').getAttribute('href')).not.toContain('risk=');
    await browser.screenshot(page, 'declarations-list');

    await page.locator('#declaration-filters select[name="risk"]').selectOption('');
    await page.locator('#declaration-filters select[name="kind"]').selectOption('entry');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    expect(await fact('nationality')).toBe('Úc');
    expect(await fact('documentMasked')).toBe('C12****89');
    expect(await page.locator('#declaration-facts').textContent()).not.toContain('ciphertext');
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it('shows the server refusing a date range politely', async () => {
    const page = await browser.newPage();
    await signInPage(page, app.service.url, 'cb.trangdai');
    await page.goto(`${app.service.url}/console/declarations`);
    await page.locator('#declarations-table:not([aria-busy])').waitFor();
    await page.locator('input[name="from"]').fill('2026-11-20');
    await page.locator('input[name="to"]').fill('2026-11-10');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Ngày bắt đầu đang sau ngày kết thúc.');
  });

  it("refuses another ward's declarations to the officer", async () => {
    const officer = await signIn(app, 'cb.trangdai');
    const other = await raw(app, `/api/v1/declarations?ward=${OTHER_WARD}`, { headers: { cookie: officer.cookie } });
    expect(other.status).toBe(403);
  });
});
