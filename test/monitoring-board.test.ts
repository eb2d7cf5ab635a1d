import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoringCases, monitoringChecks, people } from '../core/db/schema.js';
import { boardColour, type CaseStanding } from '../core/domain/monitoring-board.js';
import { ADMIN_BEARER, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';

const at = (local: string) => new Date(`${local}+07:00`);
type Check = typeof monitoringChecks.$inferInsert;
type Day = Omit<Check, 'caseId' | 'askedAt'>;

const answered = (checkDate: string, alertLevel: 'none' | 'warning' | 'emergency' = 'none'): Day => ({
  checkDate,
  answeredAt: at(`${checkDate}T09:00:00`),
  alertLevel,
  alertReasons: alertLevel === 'none' ? [] : ['spo2Low'],
});
const reminded = (checkDate: string): Day => ({ checkDate, remindedAt: at(`${checkDate}T12:00:00`) });
const missed = (checkDate: string): Day => ({ ...reminded(checkDate), missedAt: at(`${checkDate}T16:00:00`) });
const asked = (checkDate: string): Day => ({ checkDate });

// The rule itself, every branch.
describe('boardColour', () => {
  it.each<CaseStanding & { colour: string }>([
    { lastAlert: null, overdue: false, escalated: false, colour: 'green' },
    { lastAlert: 'none', overdue: false, escalated: false, colour: 'green' },
    { lastAlert: 'warning', overdue: false, escalated: false, colour: 'amber' },
    { lastAlert: 'none', overdue: true, escalated: false, colour: 'amber' },
    { lastAlert: 'emergency', overdue: false, escalated: false, colour: 'red' },
    { lastAlert: 'none', overdue: true, escalated: true, colour: 'red' },
  ])('$lastAlert, overdue $overdue, escalated $escalated → $colour', ({ colour, ...standing }) => {
    expect(boardColour(standing)).toBe(colour);
  });
});

// The board over real checks: what the workers stamp (reminded_at, missed_at) and what people answer.
const CASES: { name: string; days: Day[]; colour: string; overdue: boolean }[] = [
  { name: 'A not asked yet', days: [], colour: 'green', overdue: false },
  { name: 'B answered, fine', days: [answered('2026-11-20'), answered('2026-11-21')], colour: 'green', overdue: false },
  {
    name: 'C asked this morning',
    days: [answered('2026-11-20'), asked('2026-11-21')],
    colour: 'green',
    overdue: false,
  },
  {
    name: 'D reminded, no answer',
    days: [answered('2026-11-20'), reminded('2026-11-21')],
    colour: 'amber',
    overdue: true,
  },
  { name: 'E missed yesterday', days: [missed('2026-11-20'), asked('2026-11-21')], colour: 'red', overdue: true },
  {
    name: 'F missed, answered since',
    days: [missed('2026-11-20'), answered('2026-11-21')],
    colour: 'green',
    overdue: false,
  },
  { name: 'G warning', days: [answered('2026-11-21', 'warning')], colour: 'amber', overdue: false },
  { name: 'H danger signs', days: [answered('2026-11-21', 'emergency')], colour: 'red', overdue: false },
];

describe('monitoring board API', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService();
    const db = app.database.handle.db;
    for (const [index, entry] of [
      ...CASES,
      { name: 'Z elsewhere', days: [], colour: 'green', overdue: false },
    ].entries()) {
      const [person] = await db
        .insert(people)
        .values({ phone: `+8498711${String(index).padStart(4, '0')}`, fullName: entry.name })
        .returning();
      if (!person) throw new Error('no person');
      const wardCode = entry.name.startsWith('Z') ? '26071' : '25993';
      const [row] = await db
        .insert(monitoringCases)
        .values({
          personId: person.id,
          kind: 'F0',
          wardCode,
          startDate: '2026-11-19',
          endDate: '2026-12-01',
          createdBy: 'x',
        })
        .returning();
      if (!row) throw new Error('no case');
      for (const day of entry.days) {
        await db.insert(monitoringChecks).values({ caseId: row.id, askedAt: at(`${day.checkDate}T08:00:00`), ...day });
      }
    }
  });
  afterAll(async () => {
    await app.stop();
  });

  it('colours each person by their checks, red first, and counts the colours', async () => {
    const { status, body } = await app.get('/api/v1/monitoring/board?ward=25993', ADMIN_BEARER);
    expect(status).toBe(200);
    const got = body.people.map((person: { fullName: string; colour: string; overdue: boolean }) => ({
      name: person.fullName,
      colour: person.colour,
      overdue: person.overdue,
    }));
    const order = { red: 0, amber: 1, green: 2 } as Record<string, number>;
    const expected = CASES.map(({ name, colour, overdue }) => ({ name, colour, overdue })).sort(
      (a, b) => (order[a.colour] ?? 0) - (order[b.colour] ?? 0),
    );
    expect(got).toEqual(expected);
    expect(body.counts).toEqual({ red: 2, amber: 2, green: 4 });
    expect(body.people[0]).toMatchObject({ wardCode: '25993', kind: 'F0', phone: expect.stringMatching(/^\+84/) });
  });

  it('filters by colour and keeps a ward officer to their ward', async () => {
    const red = await app.get('/api/v1/monitoring/board?ward=25993&colour=red', ADMIN_BEARER);
    expect(red.body.people.map((person: { fullName: string }) => person.fullName)).toEqual([
      'E missed yesterday',
      'H danger signs',
    ]);
    const officer = await signedInStaff(app, { username: 'cb.trangdai', role: 'ward', areas: ['25993'] });
    const own = await app.get('/api/v1/monitoring/board', { cookie: officer.cookie });
    expect(own.body.people).toHaveLength(CASES.length);
    expect((await app.get('/api/v1/monitoring/board?ward=26071', { cookie: officer.cookie })).status).toBe(403);
  });
});
