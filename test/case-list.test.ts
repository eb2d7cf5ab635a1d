import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCheckinPartitions } from '../core/db/checkin-partitions.js';
import { checkins, people } from '../core/db/schema.js';
import { randomReceiptCode } from '../core/domain/venue-codes.js';
import { ADMIN_BEARER, type StaffSession, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';

const PERIOD = { infectiousFrom: '2026-11-18T00:00:00+07:00', infectiousTo: '2026-11-22T00:00:00+07:00' };
const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

// GET /api/v1/cases over HTTP: which cases each kind of official sees, and paging newest first.
describe('the list of cases', () => {
  let app: TestService;
  const sessions = new Map<string, StaffSession>();
  /** Case ids by what ties them to a ward. */
  const ids: Record<'visitTrangDai' | 'personHoNai' | 'checkinLongKhanh' | 'noWard', string> = {
    visitTrangDai: '',
    personHoNai: '',
    checkinLongKhanh: '',
    noWard: '',
  };

  const venue = async (name: string, wardCode: string) =>
    (await app.post('/api/v1/venues', { name, category: 'market', address: '1 Đường số 1', wardCode }, ADMIN_BEARER))
      .body.venue as { id: string; code: string };
  const registerCase = async (phone: string, visits: object[] = []) => {
    const created = await app.post('/api/v1/cases', { phone, ...PERIOD, createdBy: 'bs.lan', visits }, ADMIN_BEARER);
    expect(created.status).toBe(201);
    return created.body.case.id as string;
  };
  const listAs = (who: string, query = '') =>
    app.get(`/api/v1/cases${query}`, who === 'admin' ? ADMIN_BEARER : { cookie: sessions.get(who)?.cookie ?? '' });

  beforeAll(async () => {
    app = await startTestService();
    const db = app.database.handle.db;
    await ensureCheckinPartitions(db, '2026-11-20', 1);
    const trangDai = await venue('Chợ Trảng Dài', '25993');
    const longKhanh = await venue('Siêu thị Long Khánh', '26071');
    // Registered oldest first; the list answers newest first.
    ids.visitTrangDai = await registerCase('0987100001', [
      { venueId: trangDai.id, startedAt: '2026-11-20T10:00:00+07:00', endedAt: '2026-11-20T11:00:00+07:00' },
    ]);
    ids.personHoNai = await registerCase('0987100002');
    await db.update(people).set({ wardCode: '26002' }).where(eq(people.phone, '+84987100002'));
    const [checkedIn] = await db.insert(people).values({ phone: '+84987100003' }).returning();
    await db.insert(checkins).values({
      personId: checkedIn?.id ?? '',
      venueId: longKhanh.id,
      checkedInAt: at('09:00'),
      endsAt: at('10:00'),
      receiptCode: randomReceiptCode(),
      channel: 'sms',
    });
    ids.checkinLongKhanh = await registerCase('0987100003');
    ids.noWard = await registerCase('0987100004');
    for (const [username, role, areas] of [
      ['p.trangdai', 'ward', ['25993']],
      ['p.honai', 'ward', ['26002']],
      ['p.longkhanh', 'ward', ['26071']],
      ['q.bienhoa', 'district', ['731']],
      ['so.yte', 'province', ['75']],
      ['quan.pho', 'venue_owner', ['25993']],
    ] as const) {
      sessions.set(username, await signedInStaff(app, { username, role, areas: [...areas] }));
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each([
    { who: 'p.trangdai', query: '', sees: ['visitTrangDai'] },
    { who: 'p.honai', query: '', sees: ['personHoNai'] },
    { who: 'p.longkhanh', query: '', sees: ['checkinLongKhanh'] },
    { who: 'q.bienhoa', query: '', sees: ['personHoNai', 'visitTrangDai'] },
    { who: 'q.bienhoa', query: '?ward=26002', sees: ['personHoNai'] },
    { who: 'so.yte', query: '', sees: ['checkinLongKhanh', 'personHoNai', 'visitTrangDai'] },
    { who: 'so.yte', query: '?district=732', sees: ['checkinLongKhanh'] },
    { who: 'admin', query: '', sees: ['noWard', 'checkinLongKhanh', 'personHoNai', 'visitTrangDai'] },
  ] as const)('$who ($query) sees $sees, newest first', async ({ who, query, sees }) => {
    const listed = await listAs(who, query);
    expect(listed.status).toBe(200);
    expect(listed.body.cases.map((row: { id: string }) => row.id)).toEqual(sees.map((key) => ids[key]));
    expect(listed.body.nextCursor).toBeNull();
  });

  it('shows what the console needs of a case: phone, period, visits, wards, status', async () => {
    const listed = await listAs('p.trangdai');
    expect(listed.body.cases).toEqual([
      expect.objectContaining({
        id: ids.visitTrangDai,
        status: 'open',
        phone: '+84987100001',
        infectiousFrom: '2026-11-17T17:00:00.000Z',
        createdBy: 'bs.lan',
        campaignId: null,
        visits: 1,
        wardCodes: ['25993'],
      }),
    ]);
  });

  it.each([
    { who: 'p.trangdai', query: '?ward=26002', status: 403, error: 'out_of_area' },
    { who: 'p.trangdai', query: '?district=732', status: 403, error: 'out_of_area' },
    { who: 'p.trangdai', query: '?ward=26002&district=731', status: 400, error: 'ward_or_district' },
    { who: 'quan.pho', query: '', status: 403, error: 'forbidden' },
    { who: 'admin', query: '?cursor=bm90LWEtY3Vyc29y', status: 400, error: 'invalid_cursor' },
    { who: 'admin', query: '?limit=0', status: 400, error: 'invalid_request' },
  ])('refuses $who with $query: $status $error', async ({ who, query, status, error }) => {
    const refused = await listAs(who, query);
    expect(refused.status).toBe(status);
    expect(refused.body.error).toBe(error);
  });

  it('pages newest first with a cursor, with no case twice or left out', async () => {
    const first = await listAs('admin', '?limit=3');
    expect(first.body.cases).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await listAs('admin', `?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.cases, ...second.body.cases].map((row: { id: string }) => row.id)).toEqual([
      ids.noWard,
      ids.checkinLongKhanh,
      ids.personHoNai,
      ids.visitTrangDai,
    ]);
  });
});
