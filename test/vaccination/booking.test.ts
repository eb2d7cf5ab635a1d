import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalIdCipher } from '../../core/crypto/national-id-cipher.js';
import { cohortSources } from '../../core/db/cohort-sources.js';
import { type DatabaseHandle, openDatabase } from '../../core/db/database.js';
import { vaccinationRegistrations, vaccinationSlots } from '../../core/db/schema.js';
import {
  type BookingRequest,
  bookSlot,
  cancelRegistration,
  changeBooking,
} from '../../core/db/vaccination-booking-repository.js';
import { findSlot, updateSite, updateSlot } from '../../core/db/vaccination-sites-repository.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/test-database.js';
import { registrants, siteWithSlot } from './vaccination-fixtures.js';

const NOW = new Date('2026-11-22T03:00:00Z');
const cipher = createNationalIdCipher(randomBytes(32));
let serial = 0;

/** A 12-digit CCCD for a person born in 1950 in Hanoi (001), unique per call. */
function nextCccd(): string {
  serial += 1;
  return `001050${String(serial).padStart(6, '0')}`;
}

function request(slotId: string, registrantPersonId: string, id = nextCccd()): BookingRequest {
  return {
    slotId,
    registrantPersonId,
    forSelf: true,
    fullName: 'Nguyen Thi Lan',
    birthYear: 1950,
    idHash: cipher.lookupHash(id),
    idCipher: cipher.encrypt(id),
    priorityGroup: 'over_65',
    dose: 1,
  };
}

// Booking on a real PostgreSQL: the guarantees hold under concurrency, not only one call at a time.
describe('vaccination booking', () => {
  let testDb: TestDatabase;
  // A wider pool than the test default, so 200 bookings really race instead of queueing for 5 connections.
  let wide: DatabaseHandle;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    wide = await openDatabase({ url: testDb.url, dataDir: '.', poolSize: 40 });
  });
  afterAll(async () => {
    await wide.close();
    await testDb.drop();
  });

  it('gives the last 10 places to exactly 10 of 200 concurrent bookers', async () => {
    const { slot } = await siteWithSlot(db(), { now: NOW, capacity: 500 });
    await db().update(vaccinationSlots).set({ booked: 490 }).where(eq(vaccinationSlots.id, slot.id));
    const people = await registrants(db(), 200);
    expect(people).toHaveLength(200);
    let highest = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const current = await findSlot(db(), slot.id);
        highest = Math.max(highest, current?.booked ?? 0);
      }
    })();
    const results = await Promise.all(people.map((person) => bookSlot(wide.db, request(slot.id, person), NOW)));
    watching = false;
    await watcher;
    expect(results.filter((result) => result.ok)).toHaveLength(10);
    expect(results.filter((result) => !result.ok && result.reason === 'full')).toHaveLength(190);
    const [count] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(vaccinationRegistrations)
      .where(eq(vaccinationRegistrations.slotId, slot.id));
    expect(count?.n).toBe(10);
    expect((await findSlot(db(), slot.id))?.booked).toBe(500);
    expect(highest).toBeLessThanOrEqual(500);
  });

  it('keeps one live registration per person and dose, even when both bookings race', async () => {
    const { slot } = await siteWithSlot(db(), { now: NOW, capacity: 5 });
    const [son, daughter] = await registrants(db(), 2);
    const id = nextCccd();
    const results = await Promise.all(
      [son, daughter].map((p) => bookSlot(wide.db, request(slot.id, p ?? '', id), NOW)),
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['alreadyRegistered', 'ok']);
    expect((await findSlot(db(), slot.id))?.booked).toBe(1);
    const second = await bookSlot(db(), { ...request(slot.id, son ?? '', id), dose: 2 }, NOW);
    expect(second.ok).toBe(true);
  });

  it.each([
    {
      description: 'a slot in the past',
      reason: 'past',
      prepare: async () => (await siteWithSlot(db(), { now: NOW, capacity: 3, hoursAhead: -1 })).slot.id,
    },
    {
      description: 'a closed site',
      reason: 'closed',
      prepare: async () => {
        const { site, slot } = await siteWithSlot(db(), { now: NOW, capacity: 3 });
        await updateSite(db(), site.id, { status: 'closed' });
        return slot.id;
      },
    },
    {
      description: 'a closed slot',
      reason: 'closed',
      prepare: async () => {
        const { slot } = await siteWithSlot(db(), { now: NOW, capacity: 3 });
        await updateSlot(db(), slot.id, { status: 'closed' });
        return slot.id;
      },
    },
    { description: 'an unknown slot', reason: 'noSlot', prepare: async () => '00000000-0000-4000-8000-000000000000' },
  ])('refuses $description and books nothing', async ({ prepare, reason }) => {
    const slotId = await prepare();
    const [person] = await registrants(db(), 1);
    const result = await bookSlot(db(), request(slotId, person ?? ''), NOW);
    expect(result).toEqual({ ok: false, reason });
    const rows = await db().select().from(vaccinationRegistrations).where(eq(vaccinationRegistrations.slotId, slotId));
    expect(rows).toHaveLength(0);
    expect((await findSlot(db(), slotId))?.booked ?? 0).toBe(0);
  });

  it('frees the place on cancel, and moves a booking only when the new slot has room', async () => {
    const { slot: first } = await siteWithSlot(db(), { now: NOW, capacity: 1 });
    const { slot: full } = await siteWithSlot(db(), { now: NOW, capacity: 1 });
    const { slot: roomy } = await siteWithSlot(db(), { now: NOW, capacity: 2 });
    const [a, b] = await registrants(db(), 2);
    const booked = await bookSlot(db(), request(first.id, a ?? ''), NOW);
    await bookSlot(db(), request(full.id, b ?? ''), NOW);
    if (!booked.ok) throw new Error('first booking refused');

    expect(await changeBooking(db(), booked.registration.id, full.id, NOW)).toEqual({ ok: false, reason: 'full' });
    expect((await findSlot(db(), first.id))?.booked).toBe(1);

    const moved = await changeBooking(db(), booked.registration.id, roomy.id, NOW);
    if (!moved.ok) throw new Error(`change refused: ${moved.reason}`);
    expect(moved.registration.idHash).toBe(booked.registration.idHash);
    expect((await findSlot(db(), first.id))?.booked).toBe(0);
    expect((await findSlot(db(), roomy.id))?.booked).toBe(1);

    expect((await cancelRegistration(db(), moved.registration.id, NOW))?.status).toBe('cancelled');
    expect(await cancelRegistration(db(), moved.registration.id, NOW)).toBeUndefined();
    expect((await findSlot(db(), roomy.id))?.booked).toBe(0);
  });

  it('leaves no ID number in clear in a dump of the registrations table', async () => {
    const { slot } = await siteWithSlot(db(), { now: NOW, capacity: 3 });
    const [person] = await registrants(db(), 1);
    const id = '079190001234';
    const booked = await bookSlot(db(), { ...request(slot.id, person ?? '', id), birthYear: 1990 }, NOW);
    if (!booked.ok) throw new Error(`booking refused: ${booked.reason}`);
    const dump = await promisify(execFile)('pg_dump', [
      '--data-only',
      '--table=vaccination_registrations',
      testDb.url ?? '',
    ]);
    expect(dump.stdout).toContain(booked.registration.code);
    expect(dump.stdout).not.toContain(id);
    expect(dump.stdout).not.toContain(id.slice(-9));
    expect(cipher.decrypt(booked.registration.idCipher)).toBe(id);
  });
});

describe('vaccination cohort', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('pages the distinct registrants of a slot or a site by person id, with their booking as parameters', async () => {
    const db = testDb.handle.db;
    const { site, slot } = await siteWithSlot(db, { now: NOW, capacity: 10 });
    const people = await registrants(db, 3);
    const [ward, ...others] = people;
    for (const person of people) await bookSlot(db, request(slot.id, person), NOW);
    // A ward officer who registered two people is one member of the cohort.
    await bookSlot(db, request(slot.id, ward ?? ''), NOW);
    const cancelled = await bookSlot(db, request(slot.id, others[0] ?? ''), NOW);
    if (cancelled.ok) await cancelRegistration(db, cancelled.registration.id, NOW);
    const source = cohortSources.get('vaccination');
    if (!source) throw new Error('cohort not registered');
    const sorted = [...people].sort();
    const first = await source(db, slot.id, null, 2);
    expect(first.map((m) => m.personId)).toEqual(sorted.slice(0, 2));
    const rest = await source(db, site.id, first.at(-1)?.personId ?? null, 2);
    expect(rest.map((m) => m.personId)).toEqual(sorted.slice(2));
    expect(first[0]?.params).toMatchObject({
      site: site.name,
      window: expect.stringMatching(/^\d\d\/\d\d \d\d:\d\d-/),
    });
    expect(await source(db, 'not-an-id', null, 10)).toEqual([]);
  });
});
