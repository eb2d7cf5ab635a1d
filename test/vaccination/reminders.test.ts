import { Queue } from 'bullmq';
import { eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalIdCipher } from '../../core/crypto/national-id-cipher.js';
import { people, vaccinationFollowups, vaccinationRegistrations } from '../../core/db/schema.js';
import { bookSlot, cancelRegistration } from '../../core/db/vaccination-booking-repository.js';
import { createSlot } from '../../core/db/vaccination-sites-repository.js';
import { createRedisConnection } from '../../workers/redis-connection.js';
import { VACCINATION_QUEUE } from '../../workers/vaccination-reminders.js';
import { type SmscSimulator, startSmscSimulator } from '../peers/smsc/smsc-simulator.js';
import { testQueuePrefix, testRedisUrl } from '../support/test-redis.js';
import { startTestService, TEST_ADMIN_TOKEN, TEST_NATIONAL_ID_KEY, type TestService } from '../support/test-service.js';
import { waitFor } from '../support/wait-for.js';
import { registrants, siteWithSlot } from './vaccination-fixtures.js';

const SMPP = { systemId: 'soyte', password: 'reminders' };
const cipher = createNationalIdCipher(Buffer.from(TEST_NATIONAL_ID_KEY, 'base64'));
// Slot A: 25/11 09:00 in Vietnam; its day-before reminder is due 24/11 08:00 (01:00 UTC).
const SLOT_A = new Date('2026-11-25T02:00:00Z');
const DAY_BEFORE_A = new Date('2026-11-24T01:00:00Z');
const SOON_MS = 1500;

// The reminder chain on a fake clock: the service believes it is 1.5 s before a reminder is due, so the delayed
// BullMQ jobs it plans fire in real seconds.
describe('vaccination reminders and follow-ups', () => {
  let smsc: SmscSimulator;
  let app: TestService;
  let connection: Redis;
  let queue: Queue;
  let clock = new Date(DAY_BEFORE_A.getTime() - SOON_MS);
  const prefix = testQueuePrefix();
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const smsTo = (phone: string) =>
    smsc.submitted.filter((pdu) => `+${pdu.destination.replace(/^\+/, '')}` === phone).map((pdu) => pdu.text);

  beforeAll(async () => {
    smsc = await startSmscSimulator({ ...SMPP, receiptDelayMs: 20 });
    app = await startTestService(
      {
        SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=50&prefixes=86,96-98,32-39&source=SOYTE`,
        QUEUE_PREFIX: prefix,
        VACCINATION_SYNC_MS: '100',
      },
      { now: () => clock },
    );
    connection = createRedisConnection(testRedisUrl());
    queue = new Queue(VACCINATION_QUEUE, { connection, prefix });
  });
  afterAll(async () => {
    await queue.close();
    await connection.quit();
    await app.stop();
    await smsc.close();
  });

  const book = async (slotId: string, personId: string, id: string) => {
    const result = await bookSlot(
      app.database.handle.db,
      {
        slotId,
        registrantPersonId: personId,
        forSelf: true,
        fullName: `Nguoi ${id.slice(-2)}`,
        birthYear: 1950,
        idHash: cipher.lookupHash(id),
        idCipher: cipher.encrypt(id),
        priorityGroup: 'over_65',
        dose: 1,
      },
      clock,
    );
    if (!result.ok) throw new Error(result.reason);
    return result.registration;
  };
  const phoneOf = async (personId: string) => {
    const [row] = await app.database.handle.db.select().from(people).where(eq(people.id, personId));
    return row?.phone ?? '';
  };
  const job = (kind: string, registrationId: string) => queue.getJob(`vacc-${kind}-${registrationId}`);

  it('reminds the day before at 08:00 and 2 hours before, never after a cancellation, then follows up', {
    timeout: 40_000,
  }, async () => {
    const db = app.database.handle.db;
    const { site } = await siteWithSlot(db, { now: clock, capacity: 10 });
    const slotAt = await createSlot(db, {
      siteId: site.id,
      startsAt: SLOT_A,
      endsAt: new Date(SLOT_A.getTime() + 7_200_000),
      vaccine: 'AstraZeneca',
      capacity: 10,
    });
    const soonStart = new Date(clock.getTime() + 2 * 3_600_000 + 3000);
    const slotSoon = await createSlot(db, {
      siteId: site.id,
      startsAt: soonStart,
      endsAt: new Date(soonStart.getTime() + 3_600_000),
      vaccine: 'AstraZeneca',
      capacity: 10,
    });
    const [anna, binh, cuong] = await registrants(db, 3);
    if (!anna || !binh || !cuong) throw new Error('no registrants');
    const a = await book(slotAt.id, anna, '001050000001');
    const b = await book(slotSoon.id, binh, '001050000002');
    const c = await book(slotAt.id, cuong, '001050000003');

    const planned = await waitFor('day-before job planned on the fake clock', () => job('dayBefore', a.id));
    expect(planned.delay).toBeGreaterThan(SOON_MS - 500);
    expect(planned.delay).toBeLessThanOrEqual(SOON_MS);
    expect((await job('twoHours', a.id))?.delay).toBe(SLOT_A.getTime() - 2 * 3_600_000 - clock.getTime());
    // Slot "soon" is today: its day-before time has passed, only the 2-hour reminder is planned.
    await waitFor('two-hour job of the soon slot', () => job('twoHours', b.id));
    expect(await job('dayBefore', b.id)).toBeUndefined();

    await waitFor("cuong's reminder planned", () => job('dayBefore', c.id));
    await cancelRegistration(db, c.id, clock);
    await waitFor(
      "cuong's reminders removed",
      async () => !(await job('dayBefore', c.id)) && !(await job('twoHours', c.id)),
    );

    const [phoneA, phoneB, phoneC] = await Promise.all([phoneOf(anna), phoneOf(binh), phoneOf(cuong)]);
    const dayBefore = await waitFor('day-before SMS', () => smsTo(phoneA)[0]);
    expect(dayBefore).toContain('Nhac lich tiem ngay mai: Nguoi 01 25/11 09:00-11:00');
    expect(dayBefore).toContain(a.code);
    const twoHours = await waitFor('two-hour SMS', () => smsTo(phoneB)[0], 10_000);
    expect(twoHours).toContain('Con 2 gio: Nguoi 02');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smsTo(phoneC)).toEqual([]);
    expect(smsTo(phoneA)).toHaveLength(1);

    // The shot: booking reminders go, follow-ups come (day 1 at 09:00) and the next dose after AstraZeneca's 84 days.
    const done = await app.post(`/api/v1/vaccination/registrations/${a.id}/done`, {}, auth);
    expect(done.status).toBe(200);
    const nextDose = await waitFor('next-dose reminder planned', () => job('nextDose', a.id));
    expect(nextDose.delay).toBe(new Date('2027-02-16T01:00:00Z').getTime() - clock.getTime());
    expect((await job('followup1', a.id))?.delay).toBe(new Date('2026-11-25T02:00:00Z').getTime() - clock.getTime());
    expect(await job('twoHours', a.id)).toBeUndefined();

    // Day 1, just before 09:00: re-planned (as after a restart), the follow-up asks, a severe answer reaches the site.
    clock = new Date(new Date('2026-11-25T02:00:00Z').getTime() - SOON_MS);
    await db
      .update(vaccinationRegistrations)
      .set({ remindersDirty: true })
      .where(inArray(vaccinationRegistrations.id, [a.id]));
    const ask = await waitFor(
      'follow-up question',
      () => smsTo(phoneA).find((text) => text.includes('Sau tiem ngay 1')),
      10_000,
    );
    expect(ask).toContain('1. Binh thuong');
    await smsc.injectMo(phoneA.slice(1), '8088', 'kho tho');
    const escalation = await waitFor('escalation to the site', () =>
      smsTo(site.contactPhone).find((text) => text.includes('Phan ung nang')),
    );
    expect(escalation).toContain(`Goi ngay: ${phoneA}`);
    expect(escalation).toContain(a.code);
    await waitFor('advice to the registrant', () => smsTo(phoneA).some((text) => text.includes('Goi 115 ngay')));
    const [stored] = await db.select().from(vaccinationFollowups).where(eq(vaccinationFollowups.registrationId, a.id));
    expect(stored).toMatchObject({ day: 1, reaction: 'severe', escalated: true });
  });

  it('stays silent when a booking is cancelled in the moment before its reminder fires', async () => {
    const db = app.database.handle.db;
    const { site } = await siteWithSlot(db, { now: clock, capacity: 10 });
    // A slot at 09:00 the day after the clock's day: its day-before reminder is due 1.5 s from the clock.
    const startsAt = new Date('2027-01-11T02:00:00Z');
    clock = new Date(new Date('2027-01-10T01:00:00Z').getTime() - SOON_MS);
    const slot = await createSlot(db, {
      siteId: site.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      vaccine: 'Pfizer',
      capacity: 10,
    });
    const [dung] = await registrants(db, 1);
    const d = await book(slot.id, dung ?? '', '001050000004');
    await waitFor('reminder planned', () => job('dayBefore', d.id));
    // Cancelled the way a turn does, but the sync has not run yet (the flag is cleared by hand to hold it off).
    await db
      .update(vaccinationRegistrations)
      .set({ status: 'cancelled', remindersDirty: false })
      .where(eq(vaccinationRegistrations.id, d.id));
    await waitFor('the job ran', async () => !(await job('dayBefore', d.id)), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smsTo(await phoneOf(dung ?? ''))).toEqual([]);
  });
});
