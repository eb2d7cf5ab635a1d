import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCaseVisit, createCase } from '../core/db/cases-repository.js';
import {
  dropCheckinPartitionsBefore,
  ensureCheckinPartitions,
  listCheckinPartitions,
} from '../core/db/checkin-partitions.js';
import type { Database } from '../core/db/database.js';
import { exposedPeoplePage, findExposures } from '../core/db/exposure-query.js';
import { checkins, people } from '../core/db/schema.js';
import { createVenue } from '../core/db/venues-repository.js';
import { randomReceiptCode } from '../core/domain/venue-codes.js';
import { BOTH_ENGINES, type TestDatabase } from './support/test-database.js';

const RULES = { bufferMin: 30, minOverlapMin: 0 };
/** A Vietnam wall-clock time (UTC+7) as a Date. */
const vn = (dayAndTime: string) => new Date(`2026-11-${dayAndTime}:00+07:00`);
const minutes = (date: Date, delta: number) => new Date(date.getTime() + delta * 60_000);

// The case: infectious from 18 Nov 00:00 to 21 Nov 00:00 (Vietnam time); at venue A on the 20th 10:00–11:00, at B on
// the 19th 14:00–15:00, at C 18:00–19:00 on the 19th by interview (a staff-added visit), and at A on the 17th, before
// the infectious period. Venue D the case never visited.
const STAYS = {
  A: { start: vn('20T10:00'), end: vn('20T11:00') },
  B: { start: vn('19T14:00'), end: vn('19T15:00') },
  C: { start: vn('19T18:00'), end: vn('19T19:00') },
};

type VenueKey = 'A' | 'B' | 'C' | 'D';
interface Visit {
  description: string;
  venue: VenueKey;
  from: Date;
  to: Date;
  /** Overlap in minutes the matcher must report, or null: not exposed. */
  overlap: number | null;
}

const EDGES: Visit[] = [
  { description: 'inside the stay', venue: 'A', from: vn('20T10:15'), to: vn('20T10:45'), overlap: 30 },
  { description: 'arrived before, left during', venue: 'A', from: vn('20T09:30'), to: vn('20T10:10'), overlap: 10 },
  {
    description: 'touching: left as the case arrived',
    venue: 'A',
    from: vn('20T09:00'),
    to: vn('20T10:00'),
    overlap: null,
  },
  {
    description: 'buffer boundary: arrived as the buffer ran out',
    venue: 'A',
    from: vn('20T11:30'),
    to: vn('20T12:30'),
    overlap: null,
  },
  {
    description: 'buffer boundary: arrived a minute before it ran out',
    venue: 'A',
    from: vn('20T11:29'),
    to: vn('20T12:29'),
    overlap: 1,
  },
  {
    description: 'after the case left, within the buffer',
    venue: 'A',
    from: vn('20T11:10'),
    to: vn('20T12:10'),
    overlap: 20,
  },
  { description: 'same time, another venue', venue: 'D', from: vn('20T10:00'), to: vn('20T11:00'), overlap: null },
  {
    description: 'with the case before the infectious period',
    venue: 'A',
    from: vn('17T10:00'),
    to: vn('17T11:00'),
    overlap: null,
  },
  { description: 'same venue, the next day', venue: 'A', from: vn('21T10:00'), to: vn('21T11:00'), overlap: null },
  { description: 'at the second venue', venue: 'B', from: vn('19T14:30'), to: vn('19T15:30'), overlap: 60 },
  {
    description: 'at a venue the case told staff about',
    venue: 'C',
    from: vn('19T18:30'),
    to: vn('19T19:30'),
    overlap: 60,
  },
];

// 39 more visitors, 13 per venue, arriving every 10 minutes from 90 minutes before the case to 30 minutes after,
// each staying an hour: the case's stay plus the 30-minute buffer is [start, start + 90).
const CROWD: Visit[] = (['A', 'B', 'C'] as const).flatMap((venue) =>
  Array.from({ length: 13 }, (_, i) => {
    const arrive = (i - 9) * 10;
    const overlap = Math.min(arrive + 60, 90) - Math.max(arrive, 0);
    const from = minutes(STAYS[venue].start, arrive);
    return {
      description: `crowd ${venue}${i}`,
      venue,
      from,
      to: minutes(from, 60),
      overlap: overlap > 0 ? overlap : null,
    };
  }),
);

describe.each(BOTH_ENGINES)('exposure matching on $engine', ({ create }) => {
  let testDb: TestDatabase;
  let caseId: string;
  let casePersonId: string;
  const visitorOf = new Map<string, string>();
  const db = (): Database => testDb.handle.db;

  beforeAll(async () => {
    testDb = await create();
    await ensureCheckinPartitions(db(), '2026-11-15', 10);
    const venueIds = {} as Record<VenueKey, string>;
    for (const key of ['A', 'B', 'C', 'D'] as const) {
      const venue = await createVenue(db(), {
        name: `Venue ${key}`,
        category: 'market',
        address: '1 Street',
        wardCode: '00001',
        status: 'open',
      });
      venueIds[key] = venue.id;
    }
    const insertPerson = async (phone: string) => {
      const [person] = await db().insert(people).values({ phone }).returning();
      if (!person) throw new Error('no person');
      return person.id;
    };
    const checkinRow = (personId: string, venue: VenueKey, from: Date, to: Date) => ({
      venueId: venueIds[venue],
      personId,
      checkedInAt: from,
      endsAt: to,
      receiptCode: randomReceiptCode(),
      channel: 'sms',
    });
    casePersonId = await insertPerson('+84987000000');
    await db()
      .insert(checkins)
      .values([
        checkinRow(casePersonId, 'A', STAYS.A.start, STAYS.A.end),
        checkinRow(casePersonId, 'B', STAYS.B.start, STAYS.B.end),
        checkinRow(casePersonId, 'A', vn('17T10:00'), vn('17T11:00')),
      ]);
    const visits = [...EDGES, ...CROWD];
    expect(visits).toHaveLength(50);
    for (const [index, visit] of visits.entries()) {
      const personId = await insertPerson(`+8498700${String(index + 1).padStart(4, '0')}`);
      visitorOf.set(personId, visit.description);
      await db()
        .insert(checkins)
        .values(checkinRow(personId, visit.venue, visit.from, visit.to));
    }
    const created = await createCase(db(), {
      personId: casePersonId,
      infectiousFrom: vn('18T00:00'),
      infectiousTo: vn('21T00:00'),
      createdBy: 'bs.lan',
      ...RULES,
    });
    caseId = created.id;
    await addCaseVisit(db(), {
      caseId,
      venueId: venueIds.C,
      ...{ startedAt: STAYS.C.start, endedAt: STAYS.C.end },
      createdBy: 'bs.lan',
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('finds exactly the overlapping visitors with their overlap', async () => {
    const found = await findExposures(db(), caseId, RULES);
    const actual = Object.fromEntries(
      found.map((row) => [visitorOf.get(row.personId) ?? row.personId, row.overlapMinutes]),
    );
    const expected = Object.fromEntries(
      [...EDGES, ...CROWD].flatMap((visit) => (visit.overlap === null ? [] : [[visit.description, visit.overlap]])),
    );
    expect(actual).toEqual(expected);
    expect(found.some((row) => row.personId === casePersonId)).toBe(false);
  });

  it.each(EDGES)('$description', async (visit) => {
    const found = await findExposures(db(), caseId, RULES);
    const row = found.find((exposure) => visitorOf.get(exposure.personId) === visit.description);
    expect(row?.overlapMinutes ?? null).toBe(visit.overlap);
  });

  it('drops overlaps shorter than the minimum', async () => {
    const found = await findExposures(db(), caseId, { bufferMin: 30, minOverlapMin: 15 });
    const names = found.map((row) => visitorOf.get(row.personId));
    expect(names).toContain('after the case left, within the buffer');
    expect(names).not.toContain('arrived before, left during');
    expect(found.every((row) => row.overlapMinutes >= 15)).toBe(true);
  });

  it('without a buffer, arriving after the case left is no exposure', async () => {
    const found = await findExposures(db(), caseId, { bufferMin: 0, minOverlapMin: 0 });
    expect(found.map((row) => visitorOf.get(row.personId))).not.toContain('after the case left, within the buffer');
  });

  it('pages the exposed people by id, each once, naming only venue and time', async () => {
    const all = await findExposures(db(), caseId, RULES);
    const expected = [...new Set(all.map((row) => row.personId))].sort();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await exposedPeoplePage(db(), caseId, RULES, after, 7);
      seen.push(...page.map((row) => row.personId));
      if (page.length < 7) break;
      after = page.at(-1)?.personId ?? null;
    }
    expect(seen).toEqual(expected);
    const [first] = await exposedPeoplePage(db(), caseId, RULES, null, 1);
    expect(first?.venueName).toMatch(/^Venue [ABC]$/);
  });

  it('retention drops whole days and keeps the rest', async () => {
    const before = await listCheckinPartitions(db());
    expect(before).toContain('2026-11-17');
    expect(await dropCheckinPartitionsBefore(db(), '2026-11-18')).toEqual(['2026-11-15', '2026-11-16', '2026-11-17']);
    expect(await listCheckinPartitions(db())).toEqual(before.filter((date) => date >= '2026-11-18'));
    const left = await db().select().from(checkins);
    expect(left.every((row) => row.checkedInAt >= vn('18T00:00'))).toBe(true);
    expect(left.length).toBeGreaterThan(40);
  });
});
