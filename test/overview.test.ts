import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCheckinPartitions } from '../core/db/checkin-partitions.js';
import type { Database } from '../core/db/database.js';
import {
  checkins,
  declarations,
  monitoringCases,
  monitoringChecks,
  people,
  reliefHouseholds,
  reliefRequests,
  reliefRounds,
  vaccinationRegistrations,
  vaccinationSites,
  vaccinationSlots,
  venues,
} from '../core/db/schema.js';
import { ADMIN_BEARER, type StaffSession, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';

const at = (local: string) => new Date(`${local}+07:00`);
// Half an hour into 22 Nov in Vietnam is still 21 Nov in UTC: the day boundary the figures must respect.
const NOW = at('2026-11-22T00:30:00');

let sequence = 0;
const next = () => ++sequence;

async function person(db: Database): Promise<string> {
  const [row] = await db
    .insert(people)
    .values({ phone: `+849870${String(next()).padStart(5, '0')}` })
    .returning();
  if (!row) throw new Error('no person');
  return row.id;
}

async function declare(db: Database, wardCode: string, createdAt: Date, riskLevel: 'low' | 'high' = 'low') {
  const personId = await person(db);
  const n = next();
  await db.insert(declarations).values({
    kind: 'domestic',
    personId,
    declaredBy: personId,
    fullName: `Người khai ${n}`,
    birthYear: 1980,
    wardCode,
    address: 'Số 1',
    symptoms: [],
    exposures: [],
    riskLevel,
    ruleVersion: 'test',
    riskReasons: [],
    channel: 'web',
    receiptCode: `R${n}`,
    receiptExpiresAt: new Date(createdAt.getTime() + 86_400_000),
    createdAt,
  });
}

/** A monitored person whose check of 21 Nov is answered (on time) or was reminded and never answered (overdue). */
async function monitored(db: Database, wardCode: string, answered: boolean) {
  const [row] = await db
    .insert(monitoringCases)
    .values({
      personId: await person(db),
      kind: 'F1',
      wardCode,
      startDate: '2026-11-18',
      endDate: '2026-12-01',
      createdBy: 'bs.lan',
    })
    .returning();
  if (!row) throw new Error('no case');
  const askedAt = at('2026-11-21T08:00:00');
  await db.insert(monitoringChecks).values({
    caseId: row.id,
    checkDate: '2026-11-21',
    askedAt,
    ...(answered
      ? { answeredAt: at('2026-11-21T09:00:00'), alertLevel: 'none', alertReasons: [] }
      : { remindedAt: at('2026-11-21T12:00:00') }),
  });
}

async function venueIn(db: Database, wardCode: string): Promise<string> {
  const [row] = await db
    .insert(venues)
    .values({
      code: String(100_000 + next()),
      name: 'Chợ',
      category: 'market',
      address: 'Số 2',
      wardCode,
      status: 'open',
    })
    .returning();
  if (!row) throw new Error('no venue');
  return row.id;
}

async function checkIn(db: Database, venueId: string, checkedInAt: Date) {
  await db.insert(checkins).values({
    venueId,
    personId: await person(db),
    checkedInAt,
    endsAt: new Date(checkedInAt.getTime() + 3_600_000),
    receiptCode: `C${next()}`,
    channel: 'web',
  });
}

async function bookings(db: Database, wardCode: string) {
  const [site] = await db
    .insert(vaccinationSites)
    .values({ code: `S${next()}`, name: 'Trạm y tế', address: 'Số 3', wardCode, contactPhone: '+84987000001' })
    .returning();
  if (!site) throw new Error('no site');
  const slot = async (startsAt: Date) => {
    const [row] = await db
      .insert(vaccinationSlots)
      .values({
        siteId: site.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        vaccine: 'X',
        capacity: 10,
      })
      .returning();
    if (!row) throw new Error('no slot');
    return row.id;
  };
  const today = await slot(at('2026-11-22T09:00:00'));
  const later = await slot(at('2026-11-25T09:00:00'));
  const register = async (slotId: string, status: 'booked' | 'done' | 'cancelled') => {
    const n = next();
    await db.insert(vaccinationRegistrations).values({
      code: `V${n}`,
      slotId,
      registrantPersonId: await person(db),
      forSelf: true,
      fullName: `Người tiêm ${n}`,
      birthYear: 1970,
      idHash: `hash-${n}`,
      idCipher: 'cipher',
      priorityGroup: 'elderly',
      dose: 1,
      status,
    });
  };
  await register(today, 'booked');
  await register(today, 'done');
  await register(today, 'cancelled');
  await register(later, 'booked');
}

async function reliefRequestsIn(db: Database, wardCode: string, statuses: ('submitted' | 'approved' | 'delivered')[]) {
  const [round] = await db.insert(reliefRounds).values({ wardCode, name: 'Đợt 1' }).returning();
  if (!round) throw new Error('no round');
  for (const status of statuses) {
    const n = next();
    const [household] = await db
      .insert(reliefHouseholds)
      .values({
        wardCode,
        phone: `+8498800${n}`,
        headName: 'Chủ hộ',
        address: `${n} Lê Lợi`,
        addressKey: `${n}`,
        size: 3,
      })
      .returning();
    if (!household) throw new Error('no household');
    await db.insert(reliefRequests).values({
      roundId: round.id,
      householdId: household.id,
      status,
      items: ['rice'],
      situations: [],
      urgency: 'normal',
    });
  }
}

// The console overview against seeded data: figures of the Vietnam day, 14-day series, and the caller's areas.
describe('overview API', () => {
  let app: TestService;
  let clock = NOW;
  let ward: StaffSession;
  let district: StaffSession;

  beforeAll(async () => {
    app = await startTestService({}, { now: () => clock });
    const db = app.database.handle.db;
    await declare(db, '25993', at('2026-11-22T00:10:00'));
    await declare(db, '25993', at('2026-11-22T00:20:00'), 'high');
    await declare(db, '25993', at('2026-11-21T23:50:00'));
    await declare(db, '25993', at('2026-11-09T12:00:00'));
    await declare(db, '25993', at('2026-11-08T12:00:00'));
    await declare(db, '25996', at('2026-11-22T00:05:00'), 'high');
    await declare(db, '26071', at('2026-11-22T00:05:00'));
    await monitored(db, '25993', false);
    await monitored(db, '25993', true);
    await monitored(db, '26071', false);
    await ensureCheckinPartitions(db, '2026-11-08', 16);
    const market = await venueIn(db, '25993');
    await checkIn(db, market, at('2026-11-22T00:15:00'));
    await checkIn(db, market, at('2026-11-21T18:00:00'));
    await checkIn(db, await venueIn(db, '26071'), at('2026-11-22T00:25:00'));
    await bookings(db, '25993');
    await reliefRequestsIn(db, '25993', ['submitted', 'approved', 'delivered']);
    await reliefRequestsIn(db, '26071', ['submitted']);
    ward = await signedInStaff(app, { username: 'cb.trangdai', role: 'ward', areas: ['25993'] });
    district = await signedInStaff(app, { username: 'cb.bienhoa', role: 'district', areas: ['731'] });
  });
  afterAll(async () => {
    await app.stop();
  });

  const overview = (query: string, headers: Record<string, string>) => app.get(`/api/v1/overview${query}`, headers);

  it("counts the Vietnam day's figures across the province for an admin", async () => {
    const { status, body } = await overview('', ADMIN_BEARER);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      today: '2026-11-22',
      wards: null,
      declarations: { today: 4, highRiskToday: 2 },
      monitoring: { active: 3, overdue: 2 },
      checkins: { today: 2 },
      vaccination: { bookedToday: 2, upcoming: 1 },
      relief: { open: 3, submitted: 2, verified: 0, approved: 1 },
    });
  });

  it('draws 14 days of series per ward, zero-filled, the oldest day first', async () => {
    const { body } = await overview('?ward=25993', ADMIN_BEARER);
    expect(body.series.days).toHaveLength(14);
    expect(body.series.days[0]).toBe('2026-11-09');
    expect(body.series.days[13]).toBe('2026-11-22');
    const [trangDai] = body.series.wards;
    expect(trangDai).toMatchObject({ ward: '25993', name: 'Phường Trảng Dài' });
    expect(trangDai.declarations).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect(trangDai.highRisk).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(trangDai.checkins).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('moves "today" with the Vietnam day, not the UTC one', async () => {
    clock = at('2026-11-21T23:59:00');
    try {
      const { body } = await overview('?ward=25993', ADMIN_BEARER);
      expect(body.today).toBe('2026-11-21');
      expect(body.declarations).toEqual({ today: 1, highRiskToday: 0 });
      expect(body.checkins).toEqual({ today: 1 });
    } finally {
      clock = NOW;
    }
  });

  it('shows a ward officer their ward only, and refuses another ward', async () => {
    const own = await overview('', { cookie: ward.cookie });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      wards: ['25993'],
      declarations: { today: 2, highRiskToday: 1 },
      monitoring: { active: 2, overdue: 1 },
      checkins: { today: 1 },
      vaccination: { bookedToday: 2, upcoming: 1 },
      relief: { open: 2 },
    });
    expect(own.body.series.wards.map((series: { ward: string }) => series.ward)).toEqual(['25993']);
    const other = await overview('?ward=26071', { cookie: ward.cookie });
    expect(other.status).toBe(403);
    expect((await overview('?district=731', { cookie: ward.cookie })).status).toBe(403);
  });

  it('shows a district officer every ward of the district, and no other district', async () => {
    const all = await overview('', { cookie: district.cookie });
    expect(all.body.wards).toEqual(expect.arrayContaining(['25993', '25996', '26002']));
    expect(all.body.wards).not.toContain('26071');
    expect(all.body).toMatchObject({ declarations: { today: 3, highRiskToday: 2 }, monitoring: { overdue: 1 } });
    const byDistrict = await overview('?district=731', { cookie: district.cookie });
    expect(byDistrict.body.declarations).toEqual(all.body.declarations);
    expect((await overview('?ward=25996', { cookie: district.cookie })).body.declarations.today).toBe(1);
    expect((await overview('?district=732', { cookie: district.cookie })).status).toBe(403);
    expect((await overview('?ward=26071', { cookie: district.cookie })).status).toBe(403);
  });

  it.each([
    { query: '?ward=25993&district=731', error: 'ward_or_district' },
    { query: '?district=999', error: 'unknown_district' },
    { query: '?ward=99999', error: 'unknown_ward' },
  ])('refuses $query with $error', async ({ query, error }) => {
    const { status, body } = await overview(query, ADMIN_BEARER);
    expect(status).toBe(400);
    expect(body.error).toBe(error);
  });
});
