import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCheckinPartitions } from '../../core/db/checkin-partitions.js';
import { cohortSources } from '../../core/db/cohort-sources.js';
import { checkins, people } from '../../core/db/schema.js';
import { randomReceiptCode } from '../../core/domain/venue-codes.js';
import { ADMIN_BEARER } from '../support/staff-sessions.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, raw, signIn, signInPage } from './console-accounts.js';

/** A Vietnam wall-clock time on 20 Nov 2026. */
const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

// A ward officer registers a case with the venue it went to, reviews who was there at the same time, and approves
// the exposure alert, in a real browser against the real service.
describe('console cases (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;
  const exposed: string[] = [];
  let venueCode = '';

  beforeAll(async () => {
    app = await startTestService();
    const db = app.database.handle.db;
    await ensureCheckinPartitions(db, '2026-11-20', 1);
    const venue = await app.post(
      '/api/v1/venues',
      { name: 'Chợ Trảng Dài', category: 'market', address: '5 Đồng Khởi', wardCode: '25993' },
      ADMIN_BEARER,
    );
    venueCode = venue.body.venue.code;
    // Two shoppers overlap the case's 10:00–11:00 stay; the third came after it and its 30-minute buffer.
    const shoppers = await db
      .insert(people)
      .values([{ phone: '+84987300001' }, { phone: '+84987300002' }, { phone: '+84987300003' }])
      .returning();
    const stays = [
      ['10:30', '11:30'],
      ['09:00', '10:20'],
      ['12:00', '13:00'],
    ] as const;
    await db.insert(checkins).values(
      shoppers.map((person, index) => ({
        personId: person.id,
        venueId: venue.body.venue.id,
        checkedInAt: at(stays[index]?.[0] ?? ''),
        endsAt: at(stays[index]?.[1] ?? ''),
        receiptCode: randomReceiptCode(),
        channel: 'sms',
      })),
    );
    exposed.push(...shoppers.slice(0, 2).map((person) => person.id));
    await createStaff(app, { username: 'yte.trangdai', role: 'ward', areas: ['25993'], displayName: 'YS. Hoa' });
    await createStaff(app, { username: 'chu.cho', role: 'venue_owner', areas: ['25993'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('opens for officials only', async () => {
    for (const [username, status] of [
      ['yte.trangdai', 200],
      ['chu.cho', 403],
    ] as const) {
      const { cookie } = await signIn(app, username);
      expect((await raw(app, '/console/cases', { headers: { cookie } })).status).toBe(status);
    }
  });

  it('registers a case with its visit, lists the exposed people by venue, and approves the alert', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'yte.trangdai');
    await page.goto(`${app.service.url}/console/cases`);
    await expect.poll(() => page.locator('#cases-table').textContent()).toBe('Chưa có dữ liệu.');

    await page.getByRole('button', { name: 'Khai báo ca bệnh' }).click();
    const form = page.locator('#case-form');
    await form.getByLabel('Số điện thoại').fill('0987300000');
    // The officer's only ward is the case's, already chosen.
    expect(await form.getByLabel('Phường/xã').inputValue()).toBe('25993');
    await form.getByLabel('Có khả năng lây từ').fill('2026-11-18T00:00');
    await form.getByLabel('Đến', { exact: true }).fill('2026-11-22T00:00');
    await form.getByLabel('Mã địa điểm').fill(venueCode);
    await form.getByLabel('Đến lúc').fill('2026-11-20T10:00');
    await form.getByLabel('Rời lúc').fill('2026-11-20T11:00');
    await browser.screenshot(page, 'case-register');
    await form.getByRole('button', { name: 'Khai báo ca bệnh' }).click();

    await page.waitForURL(/#case=[0-9a-f-]{36}$/);
    const caseId = page.url().split('#case=')[1] ?? '';
    const stored = await app.get(`/api/v1/cases/${caseId}/exposures`, ADMIN_BEARER);
    expect(stored.body.case).toMatchObject({ wardCode: '25993', createdBy: 'yte.trangdai', status: 'open' });
    await expect
      .poll(() => page.locator('#exposure-summary').textContent())
      .toBe('2 người tiếp xúc qua 2 lượt quét mã.');
    const table = page.locator('#exposure-table');
    await expect.poll(() => table.textContent()).toContain('+84987300001');
    expect(await table.textContent()).toContain('+84987300002');
    expect(await table.textContent()).not.toContain('+84987300003');
    expect(await page.locator('#exposure-by-venue').textContent()).toContain(`Chợ Trảng Dài (${venueCode})22`);
    expect(await page.locator('#case-visits').textContent()).toContain(`Chợ Trảng Dài (${venueCode})`);
    await browser.screenshot(page, 'case-exposures');

    // Approving takes a second, deliberate click.
    await page.getByRole('button', { name: 'Duyệt gửi cảnh báo tiếp xúc' }).click();
    await expect.poll(() => page.locator('#approve-question').textContent()).toContain('đến 2 người');
    await browser.screenshot(page, 'case-approve-confirm');
    await page.getByRole('button', { name: 'Xác nhận gửi cảnh báo' }).click();

    const link = page.getByRole('link', { name: 'Xem tiến độ gửi' });
    await expect.poll(() => link.getAttribute('href')).toMatch(/^\/console\/campaigns#campaign=[0-9a-f-]{36}$/);
    const campaignId = (await link.getAttribute('href'))?.split('=')[1] ?? '';
    expect(await page.locator('#case-meta').textContent()).toContain('Đã cảnh báo');
    expect(await page.locator('#approve').isVisible()).toBe(false);
    await browser.screenshot(page, 'case-approved');

    const campaign = await app.get(`/api/v1/campaigns/${campaignId}`, ADMIN_BEARER);
    expect(campaign.body.campaign).toMatchObject({
      kind: 'exposure',
      urgent: true,
      createdBy: 'yte.trangdai',
      audience: { type: 'cohort', cohort: 'exposures', ref: caseId },
    });
    const audience = await cohortSources.get('exposures')?.(app.database.handle.db, caseId, null, 10);
    expect(audience?.map((member) => member.personId).sort()).toEqual([...exposed].sort());

    await page.getByRole('button', { name: '← Danh sách ca bệnh' }).click();
    const listed = page.locator('#cases-table tr', { hasText: caseId.slice(0, 8) });
    await expect.poll(() => listed.textContent()).toContain('Đã cảnh báo');
    expect(await listed.textContent()).toContain('Trảng Dài');
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });
});
