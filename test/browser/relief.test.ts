import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitReliefRequest } from '../../core/db/relief-requests-repository.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, signInPage } from './console-accounts.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const WARD = '26002';

// A ward officer takes a household's request from the queue to its delivery: stock received at a new depot,
// verify → approve → deliver, and the stock goes down by what was issued.
describe('console relief (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService({ WORKERS: 'none' });
    await createStaff(app, { username: 'cb.honai', role: 'ward', areas: [WARD], displayName: 'Cán bộ Tâm' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('receives stock, verifies, approves and delivers a request, and the stock goes down', async () => {
    const db = app.database.handle.db;
    const { request } = await db.transaction((tx) =>
      submitReliefRequest(tx, {
        household: {
          wardCode: WARD,
          phone: '+84987650001',
          headName: 'Trần Thị Bích',
          address: '12/3 Nguyễn Trãi',
          size: 3,
        },
        personId: null,
        items: ['rice', 'milk'],
        situations: ['isolation'],
        urgency: 'urgent',
        roundName: 'Đợt 1',
      }),
    );

    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.honai');
    await page.goto(`${app.service.url}/console/relief`);
    // One ward: it opens by itself, with its open round.
    const row = page.locator('#queue-table tbody tr', { hasText: 'Trần Thị Bích' });
    await expect.poll(() => row.textContent()).toContain('Mới gửi');
    expect(await row.textContent()).toContain('Gạo, Sữa');

    await page.getByLabel('Tên kho').fill('Kho UBND phường');
    await page.getByRole('button', { name: 'Thêm kho' }).click();
    const depot = page.locator('#depots-table tbody tr', { hasText: 'Kho UBND phường' });
    await depot.waitFor();
    await page.getByLabel('Nhà hảo tâm').fill('Hội Chữ thập đỏ');
    await page.getByLabel('Mặt hàng').selectOption('rice');
    await page.getByLabel('Số lượng').fill('50');
    await page.getByRole('button', { name: 'Nhập kho' }).click();
    await expect.poll(() => depot.locator('td').nth(1).textContent()).toBe('50');

    await row.getByRole('button', { name: 'Xác minh' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã xác minh');
    await row.getByRole('button', { name: 'Duyệt' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã duyệt');
    await row.getByRole('button', { name: 'Phát hàng' }).click();
    await page.locator('#deliver-items').getByLabel('Gạo').fill('10');
    await page.locator('#deliver-items').getByLabel('Sữa').fill('0');
    await page.getByRole('button', { name: 'Xác nhận đã phát' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã phát');
    await expect.poll(() => depot.locator('td').nth(1).textContent()).toBe('40');
    await browser.screenshot(page, 'relief-delivered');

    const stored = await app.get(`/api/v1/relief/wards/${WARD}/requests/${request.id}`, admin);
    expect(stored.body.request).toMatchObject({
      status: 'delivered',
      verifiedBy: 'Cán bộ Tâm',
      approvedBy: 'Cán bộ Tâm',
      deliveredBy: 'Cán bộ Tâm',
    });
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });
});
