import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDeclaration } from '../core/db/declarations-repository.js';
import { people } from '../core/db/schema.js';
import { parseCsv } from '../core/domain/csv.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

const NOW = new Date('2026-11-22T03:00:00Z');

// The staff side of declarations and monitoring, through the real HTTP API on a real database.
describe('declarations and monitoring staff API', () => {
  let app: TestService;
  let clock = NOW;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const get = (path: string) => app.get(`/api/v1${path}`, auth);
  const post = (path: string, body: unknown) => app.post(`/api/v1${path}`, body, auth);
  const receipts: string[] = [];
  let personId = '';

  beforeAll(async () => {
    app = await startTestService({ WORKERS: 'inbound,outbound' }, { now: () => clock });
    const db = app.database.handle.db;
    const [person] = await db.insert(people).values({ phone: '+84912000001', fullName: 'Trần Thị Bình' }).returning();
    personId = person?.id ?? '';
    // Five declarations a day apart (Vietnam time 10:00), alternating wards; the newest one high risk.
    for (let i = 0; i < 5; i++) {
      const declared = await recordDeclaration(
        db,
        {
          kind: i === 3 ? 'entry' : 'domestic',
          personId,
          declaredBy: personId,
          fullName: 'Trần Thị Bình',
          birthYear: 1958,
          gender: 'female',
          phone: '+84912000001',
          wardCode: i % 2 === 0 ? '25993' : '25996',
          address: '5, Đường "Số 1"',
          symptoms: i === 4 ? ['cough'] : [],
          exposures: i === 4 ? ['confirmedContact'] : [],
          vaccineDoses: 2,
          riskLevel: i === 4 ? 'high' : 'low',
          ruleVersion: '2021-09-v1',
          riskReasons: i === 4 ? ['symptomsAfterContact'] : [],
          channel: 'sms',
        },
        new Date(Date.UTC(2026, 10, 18 + i, 3)),
      );
      receipts.push(declared.receiptCode);
    }
  });
  afterAll(async () => {
    await app.stop();
  });

  it('refuses callers without the staff token', async () => {
    expect((await app.get('/api/v1/declarations')).status).toBe(401);
    expect((await app.get(`/api/v1/receipts/${receipts[0]}`)).status).toBe(401);
  });

  it('lists declarations newest first by ward, Vietnam days, risk and kind', async () => {
    const all = await get('/declarations');
    expect(all.status).toBe(200);
    expect(all.body.declarations).toHaveLength(5);
    expect(all.body.declarations[0].riskLevel).toBe('high');
    expect((await get('/declarations?ward=25993')).body.declarations).toHaveLength(3);
    expect((await get('/declarations?risk=high')).body.declarations).toHaveLength(1);
    expect((await get('/declarations?kind=entry')).body.declarations).toHaveLength(1);
    const days = await get('/declarations?from=2026-11-19&to=2026-11-20');
    expect(days.body.declarations.map((d: { createdAt: string }) => d.createdAt)).toEqual([
      '2026-11-20T03:00:00.000Z',
      '2026-11-19T03:00:00.000Z',
    ]);
  });

  it('pages with a cursor until there is no next page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { declarations: { id: string }[]; nextCursor: string | null } } = await get(
        `/declarations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.declarations.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('exports the filtered set as CSV, quoting what needs it', async () => {
    const { status, text } = await get('/declarations?ward=25993&format=csv');
    expect(status).toBe(200);
    const [header, ...rows] = parseCsv(text);
    expect(header?.slice(0, 3)).toEqual(['created_at', 'kind', 'risk_level']);
    expect(rows).toHaveLength(3);
    expect(rows[0]?.[10]).toBe('5, Đường "Số 1"');
  });

  it.each([
    { description: 'an unknown risk', query: 'risk=purple' },
    { description: 'a ward code that is not 5 digits', query: 'ward=abc' },
    { description: 'a reversed date range', query: 'from=2026-11-22&to=2026-11-01' },
    { description: 'a forged cursor', query: 'cursor=bm9wZQ' },
    { description: 'a page too large', query: 'limit=100000' },
  ])('answers 400 for $description', async ({ query }) => {
    expect((await get(`/declarations?${query}`)).status).toBe(400);
  });

  it('verifies a receipt with a masked name, risk colour and expiry', async () => {
    const code = receipts[4] ?? '';
    clock = new Date('2026-11-22T12:00:00Z');
    const { status, body } = await get(`/receipts/${code.toLowerCase()}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code,
      valid: true,
      name: 'T*** T** Bình',
      phone: expect.not.stringContaining('912000001'),
      riskLevel: 'high',
      colour: 'red',
      expiresAt: '2026-11-23T03:00:00.000Z',
    });
    clock = new Date('2026-11-23T03:00:01Z');
    expect((await get(`/receipts/${code}`)).body.valid).toBe(false);
    expect((await get('/receipts/ABCDEFGH')).status).toBe(404);
    expect((await get('/receipts/0000')).status).toBe(400);
    clock = NOW;
  });

  it('subscribes staff to a ward by phone, and refuses a chat id that never wrote to the bot', async () => {
    const created = await post('/ward-staff', { wardCode: '25993', name: 'Y tá Hoa', phone: '0912 345 678' });
    expect(created.status).toBe(201);
    expect(created.body.subscription.phone).toBe('+84912345678');
    expect((await post('/ward-staff', { wardCode: '25993', name: 'X', phone: '12345' })).status).toBe(400);
    expect((await post('/ward-staff', { wardCode: '99999', name: 'X', phone: '0912345678' })).status).toBe(400);
    expect(
      (await post('/ward-staff', { wardCode: '25993', name: 'X', channel: 'telegram', externalId: '999' })).status,
    ).toBe(404);
    await app.post('/channels/web/messages', { userId: 'nurse-web', text: 'xin chao' });
    const byChat = await post('/ward-staff', {
      wardCode: '25996',
      name: 'BS Minh',
      channel: 'web',
      externalId: 'nurse-web',
    });
    expect(byChat.status).toBe(400);
    const listed = await get('/ward-staff?ward=25993');
    expect(listed.body.subscriptions.map((s: { name: string }) => s.name)).toEqual(['Y tá Hoa']);
    const removed = await app.get(`/api/v1/ward-staff?ward=25993`, auth);
    const id = removed.body.subscriptions[0].id;
    const deleted = await fetch(`${app.service.url}/api/v1/ward-staff/${id}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    expect((await get('/ward-staff?ward=25993')).body.subscriptions).toEqual([]);
  });

  it('puts a person under monitoring once, lists them and their readings, and refuses bad requests', async () => {
    const body = { phone: '0987 000 111', kind: 'F0', wardCode: '25993', endDate: '2026-12-01', createdBy: 'bs.lan' };
    const created = await post('/monitoring', body);
    expect(created.status).toBe(201);
    expect(created.body.case).toMatchObject({ kind: 'F0', startDate: '2026-11-22', status: 'active' });
    expect((await post('/monitoring', body)).status).toBe(409);
    expect((await post('/monitoring', { ...body, personId })).status).toBe(400);
    expect((await post('/monitoring', { ...body, phone: undefined, personId })).status).toBe(201);
    expect((await post('/monitoring', { ...body, phone: '0987000222', endDate: '2026-11-01' })).status).toBe(400);
    expect((await post('/monitoring', { ...body, phone: '0987000222', kind: 'F9' })).status).toBe(400);
    const unknownWard = await post('/monitoring', { ...body, phone: '0987000222', wardCode: '99999' });
    expect(unknownWard.body).toMatchObject({ error: 'unknown_ward' });
    const listed = await get('/monitoring?ward=25993&status=active');
    expect(listed.body.cases).toHaveLength(2);
    const readings = await get(`/monitoring/${created.body.case.id}/readings`);
    expect(readings.body).toMatchObject({ case: { id: created.body.case.id }, checks: [] });
    expect((await get('/monitoring/00000000-0000-4000-8000-000000000000/readings')).status).toBe(404);
  });
});
