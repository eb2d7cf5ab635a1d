import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalIdCipher } from '../../core/crypto/national-id-cipher.js';
import { bookSlot } from '../../core/db/vaccination-booking-repository.js';
import { startTestService, TEST_ADMIN_TOKEN, TEST_NATIONAL_ID_KEY, type TestService } from '../support/test-service.js';
import { registrants, siteWithSlot } from './vaccination-fixtures.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const cipher = createNationalIdCipher(Buffer.from(TEST_NATIONAL_ID_KEY, 'base64'));
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const site = (code: string) => ({
  code,
  name: `Tram y te ${code}`,
  address: '12 Tran Phu',
  wardCode: '26734',
  contactName: 'BS Hung',
  contactPhone: '0987 111 222',
});

describe('vaccination staff API', () => {
  let app: TestService;
  const patch = async (path: string, body: unknown) => {
    const response = await fetch(`${app.service.url}${path}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: string; slot?: object } };
  };

  beforeAll(async () => {
    app = await startTestService({ WORKERS: 'none' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('creates sites, refuses a taken code, a bad phone or ward, and callers without the token', async () => {
    const created = await app.post('/api/v1/vaccination/sites', site('Q1-01'), auth);
    expect(created.status).toBe(201);
    expect(created.body.site).toMatchObject({ code: 'Q1-01', contactPhone: '+84987111222', status: 'open' });
    expect((await app.post('/api/v1/vaccination/sites', site('Q1-01'), auth)).status).toBe(409);
    const bad = await app.post(
      '/api/v1/vaccination/sites',
      { ...site('Q1-02'), contactPhone: '123', wardCode: 'x' },
      auth,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('not a Vietnamese mobile number');
    expect(bad.body.message).toContain('wardCode');
    expect((await app.post('/api/v1/vaccination/sites', site('Q1-03'))).status).toBe(401);
  });

  it('imports sites from CSV by code, reporting bad rows', async () => {
    const csv = [
      'code,name,address,ward_code,contact_name,contact_phone',
      'Q1-01,Tram y te moi,"1 Le Loi, P. Ben Nghe",26734,BS Hung,0987111222',
      'Q3-01,Truong THCS,5 Vo Van Tan,27139,,0912345678',
      'Q3-02,Nha van hoa,7 Nam Ky,27139,,abc',
    ].join('\n');
    const { status, body } = await app.post('/api/v1/vaccination/sites/import', { csv }, auth);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 1, updated: 1, rejected: [{ row: 4 }] });
    const listed = await app.get('/api/v1/vaccination/sites?wardCode=26734', auth);
    expect(listed.body.sites.find((s: { code: string }) => s.code === 'Q1-01')).toMatchObject({
      name: 'Tram y te moi',
      address: '1 Le Loi, P. Ben Nghe',
    });
    const noColumn = await app.post('/api/v1/vaccination/sites/import', { csv: 'code,name\nA,B' }, auth);
    expect(noColumn.status).toBe(400);
  });

  it('creates slots, refusing the past, an unknown vaccine, a backwards window and a closed site', async () => {
    const { body } = await app.post('/api/v1/vaccination/sites', site('SLOTS-1'), auth);
    const slot = { siteId: body.site.id, startsAt: inDays(2), endsAt: inDays(2.1), vaccine: 'Pfizer', capacity: 2 };
    const created = await app.post('/api/v1/vaccination/slots', slot, auth);
    expect(created.status).toBe(201);
    expect(created.body.slot).toMatchObject({ capacity: 2, booked: 0, status: 'open' });
    const refusals = await Promise.all([
      app.post('/api/v1/vaccination/slots', { ...slot, startsAt: inDays(-1) }, auth),
      app.post('/api/v1/vaccination/slots', { ...slot, vaccine: 'Sputnik' }, auth),
      app.post('/api/v1/vaccination/slots', { ...slot, endsAt: inDays(1) }, auth),
    ]);
    expect(refusals.map((r) => [r.status, r.body.error])).toEqual([
      [400, 'slot_in_past'],
      [400, 'invalid_request'],
      [400, 'invalid_window'],
    ]);
    expect((await app.post(`/api/v1/vaccination/sites/${body.site.id}/close`, {}, auth)).status).toBe(200);
    const closed = await app.post('/api/v1/vaccination/slots', slot, auth);
    expect([closed.status, closed.body.error]).toEqual([409, 'site_closed']);
  });

  it('never lowers a capacity below the places booked', async () => {
    const db = app.database.handle.db;
    const { slot } = await siteWithSlot(db, { now: new Date(), capacity: 3 });
    const [a, b] = await registrants(db, 2);
    await bookSlot(db, booking(slot.id, a ?? '', '001190000001', 1990), new Date());
    await bookSlot(db, booking(slot.id, b ?? '', '001190000002', 1990), new Date());
    const below = await patch(`/api/v1/vaccination/slots/${slot.id}`, { capacity: 1 });
    expect([below.status, below.body.error]).toEqual([409, 'below_booked']);
    const backwards = await patch(`/api/v1/vaccination/slots/${slot.id}`, { endsAt: slot.startsAt.toISOString() });
    expect([backwards.status, backwards.body.error]).toEqual([400, 'invalid_window']);
    const exact = await patch(`/api/v1/vaccination/slots/${slot.id}`, { capacity: 2 });
    expect(exact.body.slot).toMatchObject({ capacity: 2, booked: 2 });
    const closed = await app.post(`/api/v1/vaccination/slots/${slot.id}/close`, {}, auth);
    expect(closed.body.slot.status).toBe('closed');
  });

  it('lists, exports, marks done and no-show, with ID numbers masked', async () => {
    const db = app.database.handle.db;
    const { site: place, slot } = await siteWithSlot(db, { now: new Date(), capacity: 10 });
    const people = await registrants(db, 3);
    const ids = ['001190000011', '001190000012', '001190000013'];
    const codes: string[] = [];
    for (const [i, person] of people.entries()) {
      const result = await bookSlot(
        db,
        { ...booking(slot.id, person, ids[i] ?? '', 1990), priorityGroup: i === 0 ? 'health_worker' : 'over_65' },
        new Date(),
      );
      if (!result.ok) throw new Error(result.reason);
      codes.push(result.registration.code);
    }
    const day = new Date(slot.startsAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const listed = await app.get(`/api/v1/vaccination/registrations?siteId=${place.id}&date=${day}`, auth);
    expect(listed.body.registrations).toHaveLength(3);
    expect(listed.body.registrations[0]).not.toHaveProperty('idCipher');
    expect(listed.body.registrations.map((r: { idNumber: string }) => r.idNumber).sort()).toEqual([
      '*********011',
      '*********012',
      '*********013',
    ]);
    const group = await app.get(
      `/api/v1/vaccination/registrations?slotId=${slot.id}&priorityGroup=health_worker`,
      auth,
    );
    expect(group.body.registrations.map((r: { code: string }) => r.code)).toEqual([codes[0]]);
    const byId = await app.get(`/api/v1/vaccination/registrations?idNumber=${ids[1]}`, auth);
    expect(byId.body.registrations.map((r: { code: string }) => r.code)).toEqual([codes[1]]);
    expect((await app.get('/api/v1/vaccination/registrations?idNumber=12345', auth)).status).toBe(400);
    const otherDay = await app.get(`/api/v1/vaccination/registrations?siteId=${place.id}&date=2020-01-01`, auth);
    expect(otherDay.body.registrations).toHaveLength(0);

    const first = listed.body.registrations.find((r: { code: string }) => r.code === codes[0]);
    expect((await app.post(`/api/v1/vaccination/registrations/${first.id}/done`, {}, auth)).status).toBe(200);
    expect((await app.post(`/api/v1/vaccination/registrations/${first.id}/done`, {}, auth)).status).toBe(409);
    const second = listed.body.registrations.find((r: { code: string }) => r.code === codes[1]);
    expect(
      (await app.post(`/api/v1/vaccination/registrations/${second.id}/no-show`, {}, auth)).body.registration.status,
    ).toBe('no_show');
    const unknown = await app.post(
      '/api/v1/vaccination/registrations/00000000-0000-4000-8000-000000000000/done',
      {},
      auth,
    );
    expect(unknown.status).toBe(404);

    const viaCsv = await app.post(
      '/api/v1/vaccination/registrations/done',
      { csv: `code\n${(codes[2] ?? '').toLowerCase()}\nNOPE1234` },
      auth,
    );
    expect(viaCsv.body).toEqual({ done: 1, rejected: [{ row: 3, reason: 'NOPE1234 is not a booked registration' }] });

    const csv = await app.get(`/api/v1/vaccination/registrations.csv?siteId=${place.id}`, auth);
    expect(csv.text.split('\n')[0]).toBe(
      'code,status,full_name,birth_year,id_number,priority_group,dose,previous_vaccine,vaccine,site_code,starts_at,for_self',
    );
    expect(csv.text).toContain(`${codes[0]},done,Nguyen Van An,1990,*********011,health_worker,1,,AstraZeneca`);
    expect(csv.text).toContain(`${codes[1]},no_show`);
    for (const id of ids) expect(csv.text).not.toContain(id);
    const badFilter = await app.get('/api/v1/vaccination/registrations?status=lost', auth);
    expect(badFilter.status).toBe(400);
  });
});

function booking(slotId: string, registrantPersonId: string, id: string, birthYear: number) {
  return {
    slotId,
    registrantPersonId,
    forSelf: true,
    fullName: 'Nguyen Van An',
    birthYear,
    idHash: cipher.lookupHash(id),
    idCipher: cipher.encrypt(id),
    priorityGroup: 'over_65',
    dose: 1,
  };
}
