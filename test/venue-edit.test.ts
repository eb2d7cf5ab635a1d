import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_BEARER, type StaffSession, sessionHeaders, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';

// PATCH /api/v1/venues/:id over HTTP: an official corrects a venue of their areas, and only those; each change audited.
describe('editing a venue', () => {
  let app: TestService;
  const sessions = new Map<string, StaffSession>();
  const venues = { trangDai: '', hoNai: '' };

  const patchAs = async (who: string, id: string, body: unknown) => {
    const headers = who === 'admin' ? ADMIN_BEARER : sessionHeaders(sessions.get(who) as StaffSession);
    const response = await fetch(`${app.service.url}/api/v1/venues/${id}`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, never> };
  };
  const venueNamed = async (id: string) => (await app.get(`/api/v1/venues/${id}`, ADMIN_BEARER)).body.venue;

  beforeAll(async () => {
    app = await startTestService();
    for (const [key, wardCode] of [
      ['trangDai', '25993'],
      ['hoNai', '26002'],
    ] as const) {
      const created = await app.post(
        '/api/v1/venues',
        { name: `Quán ${key}`, category: 'restaurant', address: '1 Đường số 1', wardCode, ownerPhone: '0912000111' },
        ADMIN_BEARER,
      );
      venues[key] = created.body.venue.id;
    }
    for (const [username, role, areas] of [
      ['p.trangdai', 'ward', ['25993']],
      ['q.bienhoa', 'district', ['731']],
      ['chu.quan', 'venue_owner', ['25993']],
    ] as const) {
      sessions.set(username, await signedInStaff(app, { username, role, areas: [...areas] }));
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('lets a ward officer correct a venue of their ward, and audits the change without its values', async () => {
    const changed = await patchAs('p.trangdai', venues.trangDai, {
      name: 'Quán phở Trảng Dài',
      address: '12 Đồng Khởi',
      ownerPhone: '0912000222',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.venue).toMatchObject({
      name: 'Quán phở Trảng Dài',
      address: '12 Đồng Khởi',
      category: 'restaurant',
      wardCode: '25993',
      ownerPhone: '+84912000222',
      status: 'open',
    });
    const audit = await app.get('/api/v1/audit?action=venue_updated', ADMIN_BEARER);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        target: venues.trangDai,
        details: { fields: ['name', 'address', 'ownerPhone'] },
      }),
    ]);
    expect(JSON.stringify(audit.body.entries)).not.toContain('912000222');
  });

  it('lets a district officer move a venue between wards of their district, and clear its owner', async () => {
    const moved = await patchAs('q.bienhoa', venues.hoNai, { wardCode: '25996', ownerPhone: null });
    expect(moved.status).toBe(200);
    expect(moved.body.venue).toMatchObject({ wardCode: '25996', ownerPhone: null, ownerPersonId: null });
    expect((await patchAs('admin', venues.hoNai, { wardCode: '26002' })).status).toBe(200);
  });

  it.each([
    { description: "another ward's venue", who: 'p.trangdai', venue: 'hoNai', body: { name: 'X' }, status: 404 },
    {
      description: 'a move out of their areas',
      who: 'p.trangdai',
      venue: 'trangDai',
      body: { wardCode: '26002' },
      status: 403,
    },
    {
      description: 'a move to an unknown ward',
      who: 'q.bienhoa',
      venue: 'hoNai',
      body: { wardCode: '99999' },
      status: 400,
    },
    { description: 'a venue owner', who: 'chu.quan', venue: 'trangDai', body: { name: 'X' }, status: 403 },
    { description: 'nothing to change', who: 'p.trangdai', venue: 'trangDai', body: {}, status: 400 },
    { description: 'an unknown field', who: 'p.trangdai', venue: 'trangDai', body: { status: 'closed' }, status: 400 },
    { description: 'a blank name', who: 'p.trangdai', venue: 'trangDai', body: { name: '  ' }, status: 400 },
    {
      description: 'a phone that is not Vietnamese',
      who: 'p.trangdai',
      venue: 'trangDai',
      body: { ownerPhone: '12345' },
      status: 400,
    },
  ] as const)('refuses $description ($status) and changes nothing', async ({ who, venue, body, status }) => {
    const before = await venueNamed(venues[venue]);
    expect((await patchAs(who, venues[venue], body)).status).toBe(status);
    expect(await venueNamed(venues[venue])).toEqual(before);
  });

  it('answers 404 for a venue that does not exist', async () => {
    expect((await patchAs('admin', '00000000-0000-4000-8000-000000000000', { name: 'X' })).status).toBe(404);
  });
});
