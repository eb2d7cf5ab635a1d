import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalIdCipher } from '../../core/crypto/national-id-cipher.js';
import { bookSlot } from '../../core/db/vaccination-booking-repository.js';
import { startTestService, TEST_ADMIN_TOKEN, TEST_NATIONAL_ID_KEY, type TestService } from '../support/test-service.js';
import { registrants } from '../vaccination/vaccination-fixtures.js';
import { type Browser, launchChromium, watchPage } from './chromium.js';
import { createStaff, signInPage } from './console-accounts.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const cipher = createNationalIdCipher(Buffer.from(TEST_NATIONAL_ID_KEY, 'base64'));

/** The day after tomorrow in Vietnam as YYYY-MM-DD (what a datetime-local field takes before "T08:00"). */
function dayAfterTomorrow(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).format(Date.now() + 2 * 86_400_000);
}

// A ward officer sets up a site and a slot from the console, a citizen's booking arrives, and the officer marks the
// shot given: what the page shows and what the server stored.
describe('console vaccination (browser)', { timeout: 60_000 }, () => {
  let app: TestService;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestService({ WORKERS: 'none' });
    await createStaff(app, { username: 'cb.honai', role: 'ward', areas: ['26002'], displayName: 'Y sĩ Nam' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('creates a site and a slot, lists a booking, and marks it done', async () => {
    const page = await browser.newPage();
    const watched = watchPage(page);
    await signInPage(page, app.service.url, 'cb.honai');
    await page.goto(`${app.service.url}/console/vaccination`);
    await page.locator('#sites-table:not([aria-busy])').waitFor();

    await page.getByRole('button', { name: 'Thêm điểm tiêm' }).click();
    await page.getByLabel('Mã điểm').fill('HN-01');
    await page.getByLabel('Tên điểm tiêm').fill('Trạm Y tế phường Hố Nai');
    await page.getByLabel('Địa chỉ').fill('12 Nguyễn Ái Quốc');
    await page.getByLabel('Mã xã/phường').fill('26002');
    await page.getByLabel('Số điện thoại liên hệ').fill('0987 111 222');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const row = page.locator('#sites-table tr', { hasText: 'HN-01' });
    await expect.poll(() => row.textContent()).toContain('+84987111222');

    await row.click();
    await page.waitForURL(/#site=[0-9a-f-]{36}$/);
    const day = dayAfterTomorrow();
    await page.getByLabel('Bắt đầu').fill(`${day}T08:00`);
    await page.getByLabel('Kết thúc').fill(`${day}T10:00`);
    await page.getByLabel('Vắc xin').fill('Pfizer');
    await page.getByLabel('Số chỗ', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Thêm khung giờ' }).click();
    await expect.poll(() => page.locator('#slots-table tbody tr').textContent()).toContain('0/2');

    // A citizen books the slot (as the SMS conversation would).
    const [slot] = (await app.get('/api/v1/vaccination/slots', admin)).body.slots;
    expect(slot).toMatchObject({
      vaccine: 'Pfizer',
      capacity: 2,
      startsAt: new Date(`${day}T08:00+07:00`).toISOString(),
    });
    const db = app.database.handle.db;
    const [person] = await registrants(db, 1);
    const id = '075190001234';
    const booked = await bookSlot(
      db,
      {
        slotId: slot.id,
        registrantPersonId: person ?? '',
        forSelf: true,
        fullName: 'Trần Thị Bình',
        birthYear: 1990,
        idHash: cipher.lookupHash(id),
        idCipher: cipher.encrypt(id),
        priorityGroup: 'over_65',
        dose: 1,
      },
      new Date(),
    );
    if (!booked.ok) throw new Error(`booking refused: ${booked.reason}`);

    await page.locator('#registration-filters select[name="status"]').selectOption('booked');
    const registration = page.locator('#registrations-table tbody tr', { hasText: 'Trần Thị Bình' });
    await expect.poll(() => registration.textContent()).toContain('*********234');
    expect(await registration.textContent()).toContain('Người trên 65 tuổi');
    expect(await page.locator('#registrations-csv').getAttribute('href')).toBe(
      `/api/v1/vaccination/registrations.csv?siteId=${slot.siteId}&status=booked`,
    );
    await browser.screenshot(page, 'vaccination-site');
    await registration.getByRole('button', { name: 'Đã tiêm' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('Đã ghi nhận Trần Thị Bình đã tiêm.');

    const stored = await app.get(`/api/v1/vaccination/registrations?slotId=${slot.id}`, admin);
    expect(stored.body.registrations.map((r: { status: string }) => r.status)).toEqual(['done']);
    expect(watched.errors).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
  });
});
