import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_BEARER } from '../support/staff-sessions.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, raw, signIn, signInPage } from './console-accounts.js';

// jsqr is a CommonJS bundle whose types declare an ES default export; requiring it keeps both sides honest.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

// A ward officer registers a venue, prints its poster, corrects it and sets the ward's risk level, in a real browser.
describe('console venues (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService({
      VENUE_LINK_SECRET: 'venue-link-secret-for-tests',
      TELEGRAM_BOT_USERNAME: 'soyte_bot',
    });
    await createStaff(app, { username: 'yte.honai', role: 'ward', areas: ['26002'], displayName: 'YS. Bình' });
    await createStaff(app, { username: 'chu.quan', role: 'venue_owner', areas: ['26002'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('opens for officials and venue owners, who only read and print', async () => {
    for (const username of ['yte.honai', 'chu.quan']) {
      const { cookie } = await signIn(app, username);
      const page = await raw(app, '/console/venues', { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(page.body.includes('id="new-venue"')).toBe(username === 'yte.honai');
      expect(page.body.includes('id="risk-form"')).toBe(username === 'yte.honai');
    }
  });

  it('registers a venue, prints its poster, edits it and sets the ward risk level', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'yte.honai');
    await page.goto(`${app.service.url}/console/venues`);
    await expect.poll(() => page.locator('#venues-table').textContent()).toBe('Chưa có dữ liệu.');

    await page.getByRole('button', { name: 'Đăng ký địa điểm' }).click();
    const form = page.locator('#venue-form');
    await form.getByLabel('Tên địa điểm').fill('Quán cơm Hố Nai');
    await form.getByLabel('Loại').fill('restaurant');
    await form.getByLabel('Địa chỉ').fill('12 Nguyễn Ái Quốc');
    expect(await form.getByLabel('Mã phường/xã (5 số)').inputValue()).toBe('26002');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    const row = page.locator('#venues-table tr', { hasText: 'Quán cơm Hố Nai' });
    await expect.poll(() => row.textContent()).toContain('Đang hoạt động');
    const [stored] = (await app.get('/api/v1/venues', ADMIN_BEARER)).body.venues;
    expect(stored).toMatchObject({ name: 'Quán cơm Hố Nai', category: 'restaurant', wardCode: '26002' });
    expect(await row.textContent()).toContain(stored.code);
    await browser.screenshot(page, 'venues-list');

    // Print: the PDF opens in a new tab (the browser's own viewer prints it).
    const pdfUrl = `/api/v1/venues/${stored.id}/poster.pdf`;
    const answered = page.context().waitForEvent('response', (response) => response.url().endsWith(pdfUrl));
    await row.getByRole('button', { name: 'In áp phích' }).click();
    const pdf = await answered;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfBytes = await (await page.request.get(`${app.service.url}${pdfUrl}`)).body();
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pngHref = await row.getByRole('link', { name: 'PNG' }).getAttribute('href');
    const png = await page.request.get(`${app.service.url}${pngHref}`);
    expect(png.headers()['content-type']).toBe('image/png');
    const pngBytes = await png.body();
    expect(pngBytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const image = PNG.sync.read(pngBytes);
    const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(qr?.data).toMatch(/^https:\/\/t\.me\/soyte_bot\?start=/);

    await row.getByRole('button', { name: 'Sửa' }).click();
    await form.getByLabel('Tên địa điểm').fill('Quán cơm Hố Nai 2');
    await form.getByLabel('Số điện thoại chủ địa điểm').fill('0912000333');
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect.poll(() => page.locator('#venues-table').textContent()).toContain('Quán cơm Hố Nai 2');
    expect((await app.get(`/api/v1/venues/${stored.id}`, ADMIN_BEARER)).body.venue).toMatchObject({
      name: 'Quán cơm Hố Nai 2',
      ownerPhone: '+84912000333',
      code: stored.code,
    });

    const risk = page.locator('#risk-form');
    expect(await risk.getByLabel('Mã phường/xã (5 số)').inputValue()).toBe('26002');
    await risk.getByLabel('Mức nguy cơ').selectOption('3');
    await risk.getByRole('button', { name: 'Cập nhật mức nguy cơ' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Phường/xã 26002: 3 – Cam');
    await browser.screenshot(page, 'venues-edited-risk');
    const map = await app.get('/public/map');
    expect(map.body.wards).toEqual([expect.objectContaining({ wardCode: '26002', level: 3 })]);
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });
});
