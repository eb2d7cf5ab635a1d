import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_BEARER, signedInStaff } from './support/staff-sessions.js';
import { startTestService, type TestService } from './support/test-service.js';

// The console's ward pickers list the wards an official serves: their own ward, a district's wards, or all.
describe('ward directory API', () => {
  let app: TestService;
  const cookies = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    app = await startTestService();
    const accounts = [
      { username: 'cb.trangdai', role: 'ward', areas: ['25993'] },
      { username: 'cb.bienhoa', role: 'district', areas: ['731'] },
      { username: 'cb.tinh', role: 'province', areas: ['75'] },
    ] as const;
    for (const account of accounts) {
      const session = await signedInStaff(app, { ...account, areas: [...account.areas] });
      cookies.set(account.username, { cookie: session.cookie });
    }
  });
  afterAll(async () => {
    await app.stop();
  });

  const wardsOf = async (headers: Record<string, string> | undefined) => {
    const { status, body } = await app.get('/api/v1/areas/wards', headers);
    expect(status).toBe(200);
    return body.wards as { code: string; name: string; districtCode: string; districtName: string }[];
  };

  it.each([
    { who: 'cb.trangdai', has: ['25993'], hasNot: ['25996', '26071'], districts: ['731'] },
    { who: 'cb.bienhoa', has: ['25993', '25996', '26002'], hasNot: ['26071'], districts: ['731'] },
    { who: 'cb.tinh', has: ['25993', '26071'], hasNot: [], districts: ['731', '732'] },
    { who: 'admin', has: ['25993', '26071'], hasNot: [], districts: ['731', '732'] },
  ])('lists the wards of $who', async ({ who, has, hasNot, districts }) => {
    const wards = await wardsOf(who === 'admin' ? ADMIN_BEARER : cookies.get(who));
    const codes = wards.map((ward) => ward.code);
    expect(codes).toEqual(expect.arrayContaining(has));
    for (const code of hasNot) expect(codes).not.toContain(code);
    expect([...new Set(wards.map((ward) => ward.districtCode))]).toEqual(expect.arrayContaining(districts));
  });

  it('names each ward and its district', async () => {
    expect(await wardsOf(cookies.get('cb.trangdai'))).toEqual([
      { code: '25993', name: 'Phường Trảng Dài', districtCode: '731', districtName: 'Thành phố Biên Hòa' },
    ]);
  });

  it('needs a signed-in official', async () => {
    expect((await app.get('/api/v1/areas/wards')).status).toBe(401);
  });
});
