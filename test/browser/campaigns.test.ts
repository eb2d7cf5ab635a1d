import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmscSimulator, startSmscSimulator } from '../peers/smsc/smsc-simulator.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, signInPage } from './console-accounts.js';

const SMPP = { systemId: 'soyte', password: 'console' };

// Composing and watching a campaign in a real browser, sent for real through the SMSC simulator.
// Chromium on a shared two-core machine: generous limits, still far below a hang.
describe('console campaigns (browser)', { timeout: 90_000 }, () => {
  let smsc: SmscSimulator;
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    smsc = await startSmscSimulator({ ...SMPP, receiptDelayMs: 20 });
    app = await startTestService({
      SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=50&prefixes=86,96-98,32-39&source=SOYTE`,
      CAMPAIGN_RECHECK_MS: '100',
    });
    await createStaff(app, { username: 'bs.lan', role: 'district', areas: ['731'], displayName: 'BS. Lan' });
    await createStaff(app, { username: 'bs.minh', role: 'province', areas: ['75'], displayName: 'BS. Minh' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smsc?.close();
  });

  const smsTo = (phone: string) => smsc.submitted.filter((pdu) => pdu.destination.replace(/^\+/, '') === phone);
  const openComposer = async (page: Page, title: string, vi: string) => {
    // The console opens on the overview; the composer lives on the campaigns page.
    await page.goto(`${app.service.url}/console/campaigns`);
    await page.getByRole('button', { name: 'Soạn chiến dịch mới' }).click();
    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByLabel('Loại tin').selectOption('reminder');
    await page.getByLabel('Tiếng Việt').fill(vi);
  };
  const watchToTheEnd = async (page: Page) => {
    await page.waitForURL(/#campaign=[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('#detail-percent').textContent(), { timeout: 30_000 }).toMatch(/^100 %/);
    const bar = page.locator('#detail-progress');
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['3', '3']);
    await expect.poll(() => page.locator('#detail-meta').textContent(), { timeout: 10_000 }).toContain('Đã xong');
  };

  it('composes an SMS to a few phones with a live counter, and follows it to 100 %', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'bs.lan');
    await openComposer(page, 'Nhắc lịch tiêm', 'Nhắc lịch tiêm mũi 2: 8:00 sáng mai tại Trạm Y tế phường Hố Nai.');
    // The server's preview folds the diacritics away as the SMS gateway will: one plain GSM-7 SMS.
    await expect
      .poll(() => page.locator('#counter-vi').textContent())
      .toBe('64 ký tự · 1 tin SMS · không dấu (GSM-7) · 350 VND/người');
    await page.getByLabel('English').fill('Reminder: second dose tomorrow at 8:00 at Ho Nai ward health station.');
    await expect.poll(() => page.locator('#counter-en').textContent()).toMatch(/^\d+ ký tự · 1 tin SMS/);
    await page.getByRole('radio', { name: 'Danh sách số' }).check();
    await page.getByLabel('Số điện thoại (mỗi dòng một số)').fill('0987500001\n0987500002\n0987500003');
    // Urgent: the test must not depend on the hour (quiet hours hold ordinary campaigns at night).
    await page.getByLabel(/Khẩn cấp/).check();
    await page.locator('#preview summary').click();
    await browser.screenshot(page, 'campaign-composer');
    await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();
    await watchToTheEnd(page);
    await browser.screenshot(page, 'campaign-progress-100');
    for (const phone of ['84987500001', '84987500002', '84987500003']) {
      expect(smsTo(phone).map((pdu) => pdu.text)).toEqual([
        'Nhac lich tiem mui 2: 8:00 sang mai tai Tram Y te phuong Ho Nai.',
      ]);
    }
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it('uploads a CSV for personal messages, waits for a second official to approve, then sends', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'bs.lan');
    await openComposer(page, 'Kết quả xét nghiệm', 'Chào {{name}}, kết quả xét nghiệm: {{result}}.');
    await expect.poll(() => page.locator('#counter-vi').textContent()).toContain('thiếu giá trị cho name, result');
    await page.getByRole('radio', { name: 'Tệp CSV' }).check();
    const csv =
      'phone,name,result\n0987600001,An,âm tính\n0987600002,Bình,âm tính\n0987600003,Chi,dương tính\n12345,X,?';
    await page.locator('input[name="csv"]').setInputFiles({
      name: 'ket-qua.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await expect.poll(() => page.locator('#csv-status').textContent()).toBe('Đã đọc ket-qua.csv: 4 dòng.');
    await page.getByLabel(/Khẩn cấp/).check();
    await page.getByLabel(/cán bộ thứ hai duyệt/).check();
    await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();
    await page.waitForURL(/#campaign=/);
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Nhận 3 số, loại 1 số.');
    await expect.poll(() => page.locator('#detail-meta').textContent()).toContain('Chờ duyệt');
    // Its author may not approve it.
    expect(await page.getByRole('button', { name: 'Duyệt và gửi' }).isVisible()).toBe(false);
    const campaignUrl = page.url();
    expect(smsc.submitted.filter((pdu) => pdu.destination.startsWith('8498760'))).toEqual([]);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/console/login');
    await signInPage(page, app.service.url, 'bs.minh');
    await page.goto(campaignUrl);
    await page.getByRole('button', { name: 'Duyệt và gửi' }).click();
    await watchToTheEnd(page);
    await expect.poll(() => page.locator('#detail-meta').textContent()).toContain('duyệt bởi bs.minh');
    await browser.screenshot(page, 'campaign-approved-100');
    expect(smsTo('84987600003').map((pdu) => pdu.text)).toEqual(['Chao Chi, ket qua xet nghiem: duong tinh.']);
    expect(smsc.submitted.filter((pdu) => pdu.destination.startsWith('8498760'))).toHaveLength(3);
    const report = await page.locator('#detail-report').getAttribute('href');
    const csvReport = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), report);
    expect(csvReport.trim().split('\n')).toHaveLength(4);
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });

  it('schedules a campaign to wards for later, then pauses, resumes and cancels it', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    page.on('dialog', (dialog) => dialog.accept());
    await signInPage(page, app.service.url, 'bs.lan');
    await openComposer(page, 'Tiêm bù', 'Tiêm bù cho người chưa tiêm mũi 2.');
    await page.getByLabel('Mã xã/phường (cách nhau bằng dấu phẩy)').fill('25993, 26002');
    await page.getByRole('radio', { name: 'Hẹn giờ' }).check();
    await page.getByLabel('Gửi lúc').fill('2031-01-15T08:00');
    await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();
    const meta = page.locator('#detail-meta');
    await expect.poll(() => meta.textContent()).toMatch(/Đã lên lịch.*gửi từ 08:00 15\/1\/31/);
    const steps = [
      { action: 'Tạm dừng', status: 'Tạm dừng', next: 'Tiếp tục' },
      { action: 'Tiếp tục', status: 'Đã lên lịch', next: 'Tạm dừng' },
      { action: 'Hủy chiến dịch', status: 'Đã hủy', next: undefined },
    ];
    for (const step of steps) {
      await page.getByRole('button', { name: step.action }).click();
      await expect.poll(() => meta.textContent()).toContain(step.status);
      if (step.next) await page.getByRole('button', { name: step.next }).waitFor();
    }
    await browser.screenshot(page, 'campaign-cancelled');
    expect(await page.locator('#detail-actions button:visible').count()).toBe(0);
    await page.getByRole('button', { name: '← Danh sách chiến dịch' }).click();
    await expect.poll(() => page.locator('#campaigns-table tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('#campaigns-table').textContent()).toContain('Đã hủy');
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });
});
