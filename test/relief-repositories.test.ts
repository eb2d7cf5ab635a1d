import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleAreas } from '../core/db/admin-units-repository.js';
import type { Database } from '../core/db/database.js';
import { resolveHousehold } from '../core/db/relief-households-repository.js';
import { coverageGaps, reliefRoundCohort, roundTotals } from '../core/db/relief-reports-repository.js';
import {
  listRoundRequests,
  type ReliefRequestInput,
  submitReliefRequest,
} from '../core/db/relief-requests-repository.js';
import { closeRound, findOpenRound, openRound } from '../core/db/relief-rounds-repository.js';
import { createDepot, deliverReliefRequest, receiveDonation } from '../core/db/relief-stock-repository.js';
import { decideReliefRequest } from '../core/db/relief-workflow-repository.js';
import { people, reliefDuplicateReviews, reliefHouseholds, reliefIssues, reliefStock } from '../core/db/schema.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';

// Households, rounds, workflow and stock on a real PostgreSQL: the rules live in unique indexes and conditional
// updates, so they are tested with concurrent transactions, not one after another.
describe('relief repositories', () => {
  let database: TestDatabase;
  let db: Database;
  let ward = 0;
  const nextWard = () => `2${String(++ward).padStart(4, '0')}`;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    db = database.handle.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  const request = (wardCode: string, phone: string | undefined, address: string, extra: object = {}) =>
    ({
      household: { wardCode, phone, headName: 'Nguyễn Văn A', address, size: 4, ...extra },
      personId: null,
      items: ['rice', 'milk'],
      situations: ['lost_income'],
      urgency: 'normal',
      roundName: 'Đợt 1',
    }) satisfies ReliefRequestInput;
  const submit = (input: ReliefRequestInput) => db.transaction((tx) => submitReliefRequest(tx, input));
  const approved = async (wardCode: string, phone: string) => {
    const { request: asked } = await submit(request(wardCode, phone, `${phone.slice(-3)} Lê Lợi`));
    await decideReliefRequest(db, asked.id, { action: 'verify', by: 'can.bo' });
    const done = await decideReliefRequest(db, asked.id, { action: 'approve', by: 'chu.tich' });
    if (!done) throw new Error('approve failed');
    return done;
  };

  it('one household asking twice with two spellings of its address is one household, the second request attached', async () => {
    const wardCode = nextWard();
    const first = await submit(request(wardCode, '+84987000001', 'Số 3 hẻm 12 Nguyễn Trãi, P. Bến Thành'));
    const second = await submit(request(wardCode, '+84987000001', '12/3 nguyen trai phuong ben thanh quan 1'));
    expect(second.household.id).toBe(first.household.id);
    expect(second.first?.id).toBe(first.request.id);
    expect(second.request).toMatchObject({ status: 'attached', attachedTo: first.request.id });
    expect((await roundTotals(db, first.round.id)).requests).toBe(1);
  });

  it('a different household in the same building is a household of its own, not a suspect', async () => {
    const wardCode = nextWard();
    const a = await submit(request(wardCode, '+84987000002', 'Phòng 203, chung cư Hoàng Anh, 12 Nguyễn Trãi'));
    const b = await submit(request(wardCode, '+84987000003', 'P.305 CC Hoàng Anh, 12 Nguyễn Trãi'));
    expect(b.household.id).not.toBe(a.household.id);
    expect(b.suspectedOf).toBeUndefined();
    expect(b.request.status).toBe('submitted');
  });

  it('same address with another phone goes to the review list and is not merged', async () => {
    const wardCode = nextWard();
    const a = await submit(request(wardCode, '+84987000004', '45 Lê Lợi, P.5'));
    const b = await submit(request(wardCode, '+84987000005', '45 le loi phuong 5 quan 3'));
    expect(b.household.id).not.toBe(a.household.id);
    expect(b.suspectedOf?.id).toBe(a.household.id);
    expect(b.request.status).toBe('submitted');
    const reviews = await db.select().from(reliefDuplicateReviews).where(eq(reliefDuplicateReviews.wardCode, wardCode));
    expect(reviews).toMatchObject([{ householdId: b.household.id, matchesHouseholdId: a.household.id }]);
  });

  it('the ward’s own names at the end of an address are ignored when comparing addresses', async () => {
    await seedSampleAreas(db);
    const trangDai = '25993';
    const a = await submit(request(trangDai, '+84987000010', '7 Hàm Nghi, Trảng Dài, Biên Hòa, Đồng Nai'));
    const b = await submit(request(trangDai, '+84987000011', 'so 7 ham nghi'));
    expect(b.suspectedOf?.id).toBe(a.household.id);
    expect(a.household.addressKey).toBe('7 ham nghi');
  });

  it('a listed household without a phone is the one that later asks from its address', async () => {
    const wardCode = nextWard();
    const listed = await resolveHousehold(db, {
      wardCode,
      headName: 'Bà Tư',
      address: '7 Trần Phú',
      size: 1,
      over60: 1,
      listed: true,
    });
    const asked = await submit(request(wardCode, '+84987000006', 'Số 7 đường Trần Phú'));
    expect(asked.household).toMatchObject({ id: listed.household.id, phone: '+84987000006', listed: true });
    expect(asked.suspectedOf).toBeUndefined();
  });

  it('ten requests of one household at the same moment make one household and one request', async () => {
    const wardCode = nextWard();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => submit(request(wardCode, '+84987000007', '9 Hai Bà Trưng'))),
    );
    expect(new Set(results.map((r) => r.household.id)).size).toBe(1);
    expect(results.filter((r) => r.request.status === 'submitted')).toHaveLength(1);
    expect(results.filter((r) => r.request.status === 'attached')).toHaveLength(9);
    expect(new Set(results.map((r) => r.round.id)).size).toBe(1);
  });

  it('a new round takes a new request from a household that asked in the last one', async () => {
    const wardCode = nextWard();
    const first = await submit(request(wardCode, '+84987000008', '1 Lý Thường Kiệt'));
    expect(await openRound(db, wardCode, 'Đợt 2')).toBeUndefined();
    await closeRound(db, wardCode, first.round.id);
    const round2 = await openRound(db, wardCode, 'Đợt 2');
    const again = await submit(request(wardCode, '+84987000008', '1 Lý Thường Kiệt'));
    expect(again.round.id).toBe(round2?.id);
    expect(again.request.status).toBe('submitted');
  });

  it('puts the most urgent requests first in the officer’s queue, then the oldest', async () => {
    const wardCode = nextWard();
    const urgencies = ['normal', 'critical', 'urgent', 'critical'] as const;
    for (const [i, urgency] of urgencies.entries()) {
      await submit({ ...request(wardCode, `+8498700002${i}`, `${i} Nam Kỳ Khởi Nghĩa`), urgency });
    }
    const round = await findOpenRound(db, wardCode);
    const queue = await listRoundRequests(db, round?.id ?? '');
    expect(queue.map((row) => row.household.address)).toEqual([
      '1 Nam Kỳ Khởi Nghĩa',
      '3 Nam Kỳ Khởi Nghĩa',
      '2 Nam Kỳ Khởi Nghĩa',
      '0 Nam Kỳ Khởi Nghĩa',
    ]);
  });

  it('moves submitted → verified → approved, and refuses a step out of order', async () => {
    const wardCode = nextWard();
    const { request: asked } = await submit(request(wardCode, '+84987000009', '3 Pasteur'));
    expect(await decideReliefRequest(db, asked.id, { action: 'approve', by: 'x' })).toBeUndefined();
    expect(await decideReliefRequest(db, asked.id, { action: 'verify', by: 'can.bo' })).toMatchObject({
      status: 'verified',
      verifiedBy: 'can.bo',
    });
    expect(await decideReliefRequest(db, asked.id, { action: 'verify', by: 'can.bo' })).toBeUndefined();
    expect(await decideReliefRequest(db, asked.id, { action: 'approve', by: 'chu.tich' })).toMatchObject({
      status: 'approved',
    });
  });

  it('50 concurrent deliveries against a stock of 20 leave it at 0 with 20 deliveries', async () => {
    const wardCode = nextWard();
    const depot = await createDepot(db, wardCode, 'Kho UBND phường');
    await receiveDonation(db, {
      depotId: depot.id,
      donor: 'Hội Chữ thập đỏ',
      item: 'rice',
      quantity: 20,
      receivedBy: 'kho',
    });
    const requests = [];
    for (let i = 0; i < 50; i++) requests.push(await approved(wardCode, `+849871${String(i).padStart(5, '0')}`));
    const outcomes = await Promise.all(
      requests.map((r) =>
        deliverReliefRequest(db, {
          requestId: r.id,
          depotId: depot.id,
          deliveredBy: 'shipper',
          items: [{ item: 'rice', quantity: 1 }],
        }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(20);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'insufficient_stock')).toHaveLength(30);
    const [stock] = await db.select().from(reliefStock).where(eq(reliefStock.depotId, depot.id));
    expect(stock?.quantity).toBe(0);
    expect(await db.select().from(reliefIssues).where(eq(reliefIssues.depotId, depot.id))).toHaveLength(20);
    const totals = await roundTotals(db, requests[0]?.roundId ?? '');
    expect(totals.byStatus).toEqual({ delivered: 20, approved: 30 });
    expect(totals.itemsDelivered).toEqual({ rice: 20 });
  });

  it('one request delivered twice at once issues its goods once', async () => {
    const wardCode = nextWard();
    const depot = await createDepot(db, wardCode, 'Kho');
    await receiveDonation(db, { depotId: depot.id, donor: 'x', item: 'milk', quantity: 10, receivedBy: 'kho' });
    const asked = await approved(wardCode, '+84987200001');
    const deliver = () =>
      deliverReliefRequest(db, {
        requestId: asked.id,
        depotId: depot.id,
        deliveredBy: 'shipper',
        items: [{ item: 'milk', quantity: 2 }],
      });
    const outcomes = await Promise.all([deliver(), deliver(), deliver()]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'wrong_state')).toHaveLength(2);
    const [stock] = await db.select().from(reliefStock).where(eq(reliefStock.depotId, depot.id));
    expect(stock?.quantity).toBe(8);
  });

  it('a delivery short of one item takes nothing and leaves the request approved', async () => {
    const wardCode = nextWard();
    const depot = await createDepot(db, wardCode, 'Kho');
    await receiveDonation(db, { depotId: depot.id, donor: 'x', item: 'rice', quantity: 10, receivedBy: 'kho' });
    const asked = await approved(wardCode, '+84987200002');
    const outcome = await deliverReliefRequest(db, {
      requestId: asked.id,
      depotId: depot.id,
      deliveredBy: 'shipper',
      items: [
        { item: 'rice', quantity: 5 },
        { item: 'oil', quantity: 1 },
      ],
    });
    expect(outcome).toEqual({ ok: false, reason: 'insufficient_stock', item: 'oil' });
    const [stock] = await db.select().from(reliefStock).where(eq(reliefStock.depotId, depot.id));
    expect(stock?.quantity).toBe(10);
    expect(await decideReliefRequest(db, asked.id, { action: 'reject', by: 'x', reason: 'r' })).toMatchObject({
      status: 'rejected',
    });
  });

  it('the coverage report lists the vulnerable households that received nothing in the round', async () => {
    const wardCode = nextWard();
    const depot = await createDepot(db, wardCode, 'Kho');
    await receiveDonation(db, { depotId: depot.id, donor: 'x', item: 'rice', quantity: 10, receivedBy: 'kho' });
    const listed = await resolveHousehold(db, {
      wardCode,
      headName: 'Ông Năm',
      address: '2 Hàm Nghi',
      size: 1,
      listed: true,
    });
    const servedElder = await approved(wardCode, '+84987300001');
    await db.update(reliefHouseholds).set({ over60: 1 }).where(eq(reliefHouseholds.id, servedElder.householdId));
    await deliverReliefRequest(db, {
      requestId: servedElder.id,
      depotId: depot.id,
      deliveredBy: 's',
      items: [{ item: 'rice', quantity: 5 }],
    });
    const waiting = await submit(request(wardCode, '+84987300002', '4 Hàm Nghi', { under6: 2 }));
    await submit(request(wardCode, '+84987300003', '6 Hàm Nghi'));
    const gaps = await coverageGaps(db, wardCode, servedElder.roundId);
    expect(gaps.map((g) => g.household.id).sort()).toEqual([listed.household.id, waiting.household.id].sort());
    expect(gaps.find((g) => g.household.id === waiting.household.id)?.requestStatus).toBe('submitted');
  });

  it('the relief cohort pages the round’s requesters by person id, each once', async () => {
    const wardCode = nextWard();
    const persons = await db
      .insert(people)
      .values([{ phone: '+84987400001' }, { phone: '+84987400002' }, { phone: '+84987400003' }])
      .returning();
    let roundId = '';
    for (const [i, person] of persons.entries()) {
      const asked = await submit({ ...request(wardCode, person.phone ?? '', `${i} Đồng Khởi`), personId: person.id });
      await submit({ ...request(wardCode, person.phone ?? '', `${i} Đồng Khởi`), personId: person.id });
      roundId = asked.round.id;
    }
    const first = await reliefRoundCohort(db, roundId, null, 2);
    const rest = await reliefRoundCohort(db, roundId, first.at(-1)?.personId ?? null, 2);
    const ids = [...first, ...rest].map((row) => row.personId);
    expect(ids).toEqual(persons.map((p) => p.id).sort());
    expect(first[0]?.params).toEqual({ requestNumber: expect.stringMatching(/^\d+$/), requestStatus: 'submitted' });
    expect(await reliefRoundCohort(db, 'not-a-round', null, 10)).toEqual([]);
  });
});
