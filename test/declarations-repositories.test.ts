import { describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.js';
import {
  findDeclarationByReceipt,
  lastDeclarationOf,
  listDeclarations,
  recordDeclaration,
} from '../core/db/declarations-repository.js';
import {
  addHouseholdMember,
  HouseholdFullError,
  isHouseholdMember,
  listHouseholdMembers,
} from '../core/db/household-repository.js';
import {
  activeCasesStartedBy,
  endMonitoring,
  markUnanswered,
  monitoredCohort,
  openCheck,
  readingsBefore,
  recordReading,
  startMonitoring,
} from '../core/db/monitoring-repository.js';
import { people } from '../core/db/schema.js';
import { listStaffSubscriptions, subscribeStaff } from '../core/db/ward-staff-repository.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

async function newPerson(db: Database, phone?: string): Promise<string> {
  const [row] = await db.insert(people).values({ phone }).returning();
  if (!row) throw new Error('no person');
  return row.id;
}

const declaration = (personId: string, wardCode: string, riskLevel: 'low' | 'high' = 'low') => ({
  kind: 'domestic' as const,
  personId,
  declaredBy: personId,
  fullName: 'Nguyễn Văn An',
  birthYear: 1980,
  address: '12 Lê Lợi',
  wardCode,
  symptoms: [],
  exposures: [],
  riskLevel,
  ruleVersion: '2021-09-v1',
  riskReasons: [],
  channel: 'web',
});

// Same suite on both engines: PGlite is the embedded default, PostgreSQL the production one.
describe.each(BOTH_ENGINES)('declaration and monitoring repositories on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('keeps at most 10 household members per person', async () => {
    const manager = await newPerson(db());
    for (let i = 0; i < 10; i++)
      await addHouseholdMember(db(), manager, { fullName: `Con ${i}`, birthYear: 2010, locale: 'vi' });
    await expect(
      addHouseholdMember(db(), manager, { fullName: 'Con 11', birthYear: 2010, locale: 'vi' }),
    ).rejects.toThrow(HouseholdFullError);
    const members = await listHouseholdMembers(db(), manager);
    expect(members.map((m) => m.fullName)).toEqual(Array.from({ length: 10 }, (_, i) => `Con ${i}`));
    expect(await isHouseholdMember(db(), manager, members[0]?.id ?? '')).toBe(true);
    expect(await isHouseholdMember(db(), members[0]?.id ?? '', manager)).toBe(false);
  });

  it('stores declarations with a 24 h receipt and pages them newest first by filter', async () => {
    const person = await newPerson(db());
    const base = new Date('2026-11-20T01:00:00Z');
    for (let i = 0; i < 5; i++) {
      await recordDeclaration(
        db(),
        declaration(person, i % 2 ? '26734' : '26737', i === 4 ? 'high' : 'low'),
        new Date(base.getTime() + i * 60_000),
      );
    }
    const last = await lastDeclarationOf(db(), person, 'domestic');
    expect(last?.riskLevel).toBe('high');
    expect(last?.receiptExpiresAt.getTime()).toBe(base.getTime() + 4 * 60_000 + 24 * 3600_000);
    expect((await findDeclarationByReceipt(db(), last?.receiptCode ?? ''))?.id).toBe(last?.id);

    const first = await listDeclarations(db(), { wardCode: '26737' }, 2);
    expect(first.map((d) => d.createdAt.toISOString())).toEqual([
      '2026-11-20T01:04:00.000Z',
      '2026-11-20T01:02:00.000Z',
    ]);
    const tail = first.at(-1);
    const second = await listDeclarations(
      db(),
      { wardCode: '26737' },
      2,
      tail && { createdAt: tail.createdAt, id: tail.id },
    );
    expect(second.map((d) => d.createdAt.toISOString())).toEqual(['2026-11-20T01:00:00.000Z']);
    expect(await listDeclarations(db(), { riskLevel: 'high', kind: 'domestic' }, 10)).toHaveLength(1);
    const window = { from: new Date('2026-11-20T01:01:00Z'), to: new Date('2026-11-20T01:03:00Z') };
    expect(await listDeclarations(db(), window, 10)).toHaveLength(2);
  });

  it('subscribes staff by person or phone, once per ward', async () => {
    const nurse = await newPerson(db());
    await subscribeStaff(db(), { wardCode: '26734', name: 'Y tá Hoa', personId: nurse });
    await subscribeStaff(db(), { wardCode: '26734', name: 'Y tá Hoa (đổi tên)', personId: nurse });
    await subscribeStaff(db(), { wardCode: '26734', name: 'Bác sĩ Minh', phone: '+84912000111' });
    const staff = await listStaffSubscriptions(db(), '26734');
    expect(staff.map((s) => s.name)).toEqual(['Y tá Hoa (đổi tên)', 'Bác sĩ Minh']);
  });

  it('runs one active monitoring case per person, its checks once a day', async () => {
    const patient = await newPerson(db());
    const input = {
      personId: patient,
      kind: 'F1' as const,
      wardCode: '26734',
      startDate: '2026-11-20',
      endDate: '2026-11-27',
      createdBy: 'bs.lan',
    };
    const started = await startMonitoring(db(), input);
    expect(started?.status).toBe('active');
    expect(await startMonitoring(db(), input)).toBeUndefined();
    expect((await activeCasesStartedBy(db(), '2026-11-19')).some((c) => c.id === started?.id)).toBe(false);
    expect((await activeCasesStartedBy(db(), '2026-11-20')).some((c) => c.id === started?.id)).toBe(true);

    const caseId = started?.id ?? '';
    const now = new Date('2026-11-21T01:00:00Z');
    const check = await openCheck(db(), caseId, '2026-11-21', now);
    expect(await openCheck(db(), caseId, '2026-11-21', now)).toBeUndefined();
    expect(await markUnanswered(db(), check?.id ?? '', 'remindedAt', now)).toBeDefined();
    expect(await markUnanswered(db(), check?.id ?? '', 'remindedAt', now)).toBeUndefined();
    const reading = { temperature: 38.7, spo2: 96, breathingDifficulty: false, chestPain: false };
    await recordReading(
      db(),
      { caseId, checkDate: '2026-11-21', reading, otherSymptoms: null, alert: { level: 'none', reasons: [] } },
      now,
    );
    expect(await markUnanswered(db(), check?.id ?? '', 'missedAt', now)).toBeUndefined();
    await recordReading(
      db(),
      { caseId, checkDate: '2026-11-22', reading, otherSymptoms: 'ho', alert: { level: 'none', reasons: [] } },
      now,
    );
    const earlier = await readingsBefore(db(), caseId, '2026-11-23', 5);
    expect(earlier.map((r) => [r.checkDate, r.temperature])).toEqual([
      ['2026-11-22', 38.7],
      ['2026-11-21', 38.7],
    ]);

    const cohort = await monitoredCohort(db(), '26734', null, 10);
    expect(cohort).toContainEqual({ personId: patient, params: { endDate: '27/11/2026' } });
    expect(await monitoredCohort(db(), '26737', null, 10)).toEqual([]);
    expect(await monitoredCohort(db(), 'all', patient, 10)).not.toContainEqual(
      expect.objectContaining({ personId: patient }),
    );

    expect((await endMonitoring(db(), caseId, 'bs.lan', now))?.status).toBe('ended');
    expect(await monitoredCohort(db(), 'all', null, 10)).not.toContainEqual(
      expect.objectContaining({ personId: patient }),
    );
    expect(await endMonitoring(db(), caseId, 'bs.lan', now)).toBeUndefined();
  });
});
