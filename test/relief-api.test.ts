import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.js';
import { type ReliefRequestInput, submitReliefRequest } from '../core/db/relief-requests-repository.js';
import { adminUnits, channelIdentities } from '../core/db/schema.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { zaloDriver } from './support/drivers/zalo-driver.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

// The relief staff API and public report on the running service: each officer's decision reaches the requester on
// the channel they wrote from (Zalo fake, SMSC simulator); bad input is a clear 4xx that changes nothing.
describe('relief staff API', () => {
  let sms: ChannelDriver;
  let zalo: ChannelDriver;
  let app: TestService;
  let db: Database;
  let wards: string[] = [];
  let messageNo = 0;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  // Each test works in a ward of its own from the bundled sample province, so counts never mix.
  const nextWard = () => {
    const ward = wards.shift();
    if (!ward) throw new Error('out of sample wards');
    return ward;
  };
  const api = (ward: string, path: string) => `/api/v1/relief/wards/${ward}${path}`;

  beforeAll(async () => {
    sms = await smppDriver();
    zalo = await zaloDriver();
    app = await startTestService({ ...sms.env, ...zalo.env });
    sms.attach(app.service.url);
    zalo.attach(app.service.url);
    db = app.database.handle.db;
    const rows = await db.select({ code: adminUnits.code }).from(adminUnits).where(eq(adminUnits.level, 'ward'));
    wards = rows.map((row) => row.code);
  });
  afterAll(async () => {
    await app.stop();
    await zalo.close();
    await sms.close();
  });

  // A citizen who has written to the bot once, so the service knows their channel.
  const citizen = async (driver: ChannelDriver, n: number) => {
    const user = driver.userId(n);
    await driver.send(user, 'xin chao', `relief-api-${++messageNo}`);
    await waitFor('the greeting', () => driver.received(user).length >= 2);
    const [identity] = await db
      .select()
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channel, driver.channel), eq(channelIdentities.externalId, user)));
    if (!identity) throw new Error('no identity');
    return { user, personId: identity.personId };
  };
  const ask = async (ward: string, personId: string | null, phone: string, address: string, extra: object = {}) => {
    const input: ReliefRequestInput = {
      household: { wardCode: ward, phone, headName: 'Trần Thị Bích', address, size: 3, ...extra },
      personId,
      items: ['rice'],
      situations: ['isolation'],
      urgency: 'urgent',
      roundName: 'Đợt 1',
    };
    return db.transaction((tx) => submitReliefRequest(tx, input));
  };
  const depotWith = async (ward: string, item: string, quantity: number) => {
    const depot = (await app.post(api(ward, '/depots'), { name: 'Kho UBND' }, auth)).body.depot;
    const receipt = { donor: 'Hội Chữ thập đỏ', item, quantity, receivedBy: 'thu.kho' };
    expect((await app.post(api(ward, `/depots/${depot.id}/receipts`), receipt, auth)).status).toBe(201);
    return depot.id as string;
  };
  const step = (ward: string, id: string, action: string, body: object = { by: 'can.bo.lan' }) =>
    app.post(api(ward, `/requests/${id}/${action}`), body, auth);

  it('tells a Zalo requester of every change: verified, approved, delivered', async () => {
    const ward = nextWard();
    const { user, personId } = await citizen(zalo, 1);
    const { request } = await ask(ward, personId, '+84987650001', '12/3 Nguyễn Trãi');
    const depotId = await depotWith(ward, 'rice', 50);
    const n = request.number;

    expect((await step(ward, request.id, 'verify')).body.request.status).toBe('verified');
    await waitFor('verified notice', () => zalo.received(user).some((t) => t.includes(`số ${n}: đã được xác minh`)));
    expect((await step(ward, request.id, 'approve', { by: 'chu.tich' })).body.request.status).toBe('approved');
    await waitFor('approved notice', () => zalo.received(user).some((t) => t.includes(`số ${n}: đã được duyệt`)));
    const delivered = await step(ward, request.id, 'deliver', {
      by: 'to.truong',
      depotId,
      items: [{ item: 'rice', quantity: 10 }],
    });
    expect(delivered.body.request).toMatchObject({ status: 'delivered', deliveredBy: 'to.truong' });
    await waitFor('delivered notice', () => zalo.received(user).some((t) => t.includes(`số ${n}: đã giao hàng`)));
    const depots = (await app.get(api(ward, '/depots'), auth)).body.depots;
    expect(depots[0].stock).toEqual({ rice: 40 });
  });

  it('tells an SMS requester of a rejection with its reason, without diacritics', async () => {
    const ward = nextWard();
    const { user, personId } = await citizen(sms, 2);
    const { request } = await ask(ward, personId, '+84987650002', '7 Trần Phú');
    const rejected = await step(ward, request.id, 'reject', { by: 'can.bo', reason: 'Hộ đã nhận ở phường khác' });
    expect(rejected.body.request).toMatchObject({ status: 'rejected', rejectReason: 'Hộ đã nhận ở phường khác' });
    await waitFor('rejected notice', () =>
      sms
        .received(user)
        .some((t) => t.includes(`so ${request.number}: khong duoc duyet. Ly do: Ho da nhan o phuong khac`)),
    );
    expect((await step(ward, request.id, 'approve')).status).toBe(409);
  });

  it('tells everyone who asked for the household in the round, once each', async () => {
    const ward = nextWard();
    const first = await citizen(sms, 3);
    const second = await citizen(zalo, 4);
    const { request } = await ask(ward, first.personId, '+84987650003', '5 Lê Duẩn');
    const again = await ask(ward, second.personId, '+84987650003', 'Số 5 đường Lê Duẩn');
    expect(again.first?.id).toBe(request.id);
    await step(ward, request.id, 'verify');
    const text = `so ${request.number}: da duoc xac minh`;
    await waitFor(
      'both notices',
      () =>
        sms.received(first.user).some((t) => t.includes(text)) &&
        zalo.received(second.user).some((t) => t.includes(`số ${request.number}: đã được xác minh`)),
    );
    await step(ward, request.id, 'verify');
    expect(sms.received(first.user).filter((t) => t.includes(text))).toHaveLength(1);
  });

  it('50 concurrent deliveries over the API against a stock of 20 leave 0, 20 delivered and 30 refused', async () => {
    const ward = nextWard();
    const depotId = await depotWith(ward, 'milk', 20);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { request } = await ask(ward, null, `+849876${String(10000 + i)}`, `${i} Lê Lợi`);
      await step(ward, request.id, 'verify');
      await step(ward, request.id, 'approve');
      ids.push(request.id);
    }
    const answers = await Promise.all(
      ids.map((id) => step(ward, id, 'deliver', { by: 's', depotId, items: [{ item: 'milk', quantity: 1 }] })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 409 && a.body.error === 'insufficient_stock')).toHaveLength(30);
    expect((await app.get(api(ward, '/depots'), auth)).body.depots[0].stock).toEqual({ milk: 0 });
    const roundId = (await app.get(api(ward, '/rounds'), auth)).body.rounds[0].id;
    const queue = (await app.get(api(ward, `/rounds/${roundId}/requests`), auth)).body;
    expect(queue.totals.byStatus).toEqual({ delivered: 20, approved: 30 });
  });

  it('imports a vulnerable-households list; the coverage report lists the listed household that got nothing', async () => {
    const ward = nextWard();
    const csv = [
      'name,address,size,phone,over60',
      'Bà Năm,"Số 5, hẻm 20, Hàm Nghi",1,,1',
      'Ông Sáu,8 Hàm Nghi,2,0987650099,1',
      'Bad,9 Hàm Nghi,0,,0',
    ].join('\n');
    const imported = await app.post(api(ward, '/households/import'), { csv }, auth);
    expect(imported.body).toMatchObject({ imported: 2, rejectedCount: 1, rejected: [{ row: 3 }] });
    const depotId = await depotWith(ward, 'rice', 10);
    const { request } = await ask(ward, null, '+84987650099', '8 Hàm Nghi, P. Bến Thành');
    await step(ward, request.id, 'verify');
    await step(ward, request.id, 'approve');
    await step(ward, request.id, 'deliver', { by: 's', depotId, items: [{ item: 'rice', quantity: 5 }] });
    const gaps = (await app.get(api(ward, `/rounds/${request.roundId}/coverage`), auth)).body.households;
    expect(gaps.map((g: { household: { headName: string } }) => g.household.headName)).toEqual(['Bà Năm']);
  });

  it('lists suspected duplicates and second requests, and records the officer’s decision once', async () => {
    const ward = nextWard();
    const first = await ask(ward, null, '+84987650201', '45 Lê Lợi, P.5');
    const suspect = await ask(ward, null, '+84987650202', '45 le loi phuong 5');
    const again = await ask(ward, null, '+84987650201', 'Số 45 đường Lê Lợi');
    const report = (await app.get(api(ward, `/rounds/${first.round.id}/duplicates`), auth)).body;
    expect(report.suspected).toHaveLength(1);
    expect(report.suspected[0].household.id).toBe(suspect.household.id);
    expect(report.suspected[0].matches.id).toBe(first.household.id);
    expect(report.attached).toEqual([
      expect.objectContaining({ number: again.request.number, attachedTo: first.request.id }),
    ]);
    const reviewId = report.suspected[0].review.id;
    const decide = (decision: string) =>
      app.post(api(ward, `/reviews/${reviewId}/decide`), { decision, by: 'can.bo' }, auth);
    expect((await decide('different')).body.review).toMatchObject({ decision: 'different', decidedBy: 'can.bo' });
    expect((await decide('same')).status).toBe(404);
  });

  it('exports a round’s deliveries as CSV with masked phones', async () => {
    const ward = nextWard();
    const depotId = await depotWith(ward, 'oil', 5);
    const { request } = await ask(ward, null, '+84987650301', '3 Pasteur, phòng "A"');
    await step(ward, request.id, 'verify');
    await step(ward, request.id, 'approve');
    await step(ward, request.id, 'deliver', { by: 'to.truong', depotId, items: [{ item: 'oil', quantity: 2 }] });
    const csv = await app.get(api(ward, `/rounds/${request.roundId}/deliveries.csv`), auth);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('request,delivered_at,delivered_by,head_of_household,phone,address,depot,item,quantity');
    expect(lines[1]).toContain(`${request.number},`);
    expect(lines[1]).toContain(',to.truong,Trần Thị Bích,+84******301,"3 Pasteur, phòng ""A""",Kho UBND,oil,2');
  });

  it('publishes counts per ward with no name, phone or address', async () => {
    const ward = nextWard();
    const depotId = await depotWith(ward, 'rice', 100);
    const asked = [];
    for (let i = 0; i < 4; i++) asked.push(await ask(ward, null, `+8498765040${i}`, `${i}/7 Điện Biên Phủ`));
    const [a, b, c] = asked.map((x) => x.request.id);
    for (const id of [a, b]) {
      await step(ward, id ?? '', 'verify');
      await step(ward, id ?? '', 'approve');
    }
    await step(ward, a ?? '', 'deliver', { by: 's', depotId, items: [{ item: 'rice', quantity: 15 }] });
    await step(ward, c ?? '', 'reject', { by: 'x', reason: 'Không thuộc diện hỗ trợ' });
    const report = await app.get(`/public/relief/${ward}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      ward,
      requests: 4,
      approved: 2,
      delivered: 1,
      pending: 2,
      rejected: 1,
      itemsDelivered: { rice: 15 },
    });
    for (const secret of ['Trần', 'Tran', '98765040', 'Điện Biên', 'Dien Bien', 'Không thuộc', 'can.bo', '"s"']) {
      expect(report.text).not.toContain(secret);
    }
    expect((await app.get('/public/relief/99999')).status).toBe(404);
    const quiet = await app.get(`/public/relief/${nextWard()}`);
    expect(quiet.body).toMatchObject({ round: null, requests: 0, delivered: 0, itemsDelivered: {} });
    expect((await app.get('/public/relief/abc')).status).toBe(400);
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const ward = nextWard();
    const otherWard = nextWard();
    const depotId = await depotWith(ward, 'rice', 5);
    const { request } = await ask(ward, null, '+84987650501', '1 Lý Tự Trọng');
    const receipt = (body: object) => app.post(api(ward, `/depots/${depotId}/receipts`), body, auth);
    const base = { donor: 'x', item: 'rice', quantity: 1, receivedBy: 'y' };
    expect((await receipt({ ...base, item: 'gold' })).status).toBe(400);
    expect((await receipt({ ...base, quantity: 0 })).status).toBe(400);
    expect((await receipt({ ...base, quantity: 1.5 })).status).toBe(400);
    expect((await app.post(api('abc', '/depots'), { name: 'x' }, auth)).status).toBe(400);
    expect((await app.post(api('99999', '/depots'), { name: 'x' }, auth)).body.error).toBe('unknown_ward');
    expect((await app.post(api(ward, '/depots'), { name: 'x' })).status).toBe(401);
    // Another ward's request, depot or round is not found from this ward.
    expect((await app.get(api(otherWard, `/requests/${request.id}`), auth)).status).toBe(404);
    expect((await step(otherWard, request.id, 'verify')).status).toBe(404);
    expect((await app.get(api(otherWard, `/rounds/${request.roundId}/coverage`), auth)).status).toBe(404);
    // Out of order, and a delivery before approval: 409, stock untouched.
    const early = await step(ward, request.id, 'deliver', { by: 's', depotId, items: [{ item: 'rice', quantity: 1 }] });
    expect(early.status).toBe(409);
    expect((await step(ward, request.id, 'approve')).status).toBe(409);
    await step(ward, request.id, 'verify');
    await step(ward, request.id, 'approve');
    const twice = [
      { item: 'rice', quantity: 1 },
      { item: 'rice', quantity: 1 },
    ];
    expect((await step(ward, request.id, 'deliver', { by: 's', depotId, items: twice })).status).toBe(400);
    expect((await step(ward, request.id, 'deliver', { by: 's', depotId, items: [] })).status).toBe(400);
    const tooMuch = await step(ward, request.id, 'deliver', {
      by: 's',
      depotId,
      items: [{ item: 'rice', quantity: 6 }],
    });
    expect(tooMuch.body).toMatchObject({ error: 'insufficient_stock' });
    expect((await step(ward, request.id, 'reject', { by: 's', reason: '' })).status).toBe(400);
    expect((await app.get(api(ward, '/depots'), auth)).body.depots[0].stock).toEqual({ rice: 5 });
    expect((await app.get(api(ward, `/requests/${request.id}`), auth)).body.request.status).toBe('approved');
    expect((await app.post(api(ward, '/households/import'), { csv: 'ten,dia chi\nA,B' }, auth)).status).toBe(400);
    expect(
      (await app.post(api(ward, '/households/import'), { csv: 'name,address,size\nA,,2' }, auth)).body,
    ).toMatchObject({
      error: 'invalid_csv',
    });
    expect((await app.post(api(ward, '/rounds'), { name: 'Đợt 2' }, auth)).status).toBe(409);
  });
});
