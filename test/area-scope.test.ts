import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalIdCipher } from '../core/crypto/national-id-cipher.js';
import { recordDeclaration } from '../core/db/declarations-repository.js';
import { currentRound } from '../core/db/relief-rounds-repository.js';
import { people } from '../core/db/schema.js';
import { bookSlot } from '../core/db/vaccination-booking-repository.js';
import { ADMIN, freshPhone, type StaffCall, staffCall, staffToken } from './area-scope-fixtures.js';
import { startTestService, TEST_NATIONAL_ID_KEY, type TestService } from './support/test-service.js';
import { registrants, siteWithSlot } from './vaccination/vaccination-fixtures.js';

// Ward A (Trảng Dài) lies in district 731 (Biên Hòa); ward B in district 732 (Long Khánh).
const A = '25993';
const B = '26071';
const cipher = createNationalIdCipher(Buffer.from(TEST_NATIONAL_ID_KEY, 'base64'));
const soon = (days: number) => new Date(Date.now() + days * 86_400_000);
const vietnamDay = (days: number) => soon(days).toISOString().slice(0, 10);
const unique = () => randomBytes(4).toString('hex');

/** One row of a resource in a ward: its id and a text its list or export shows (a name, a code). */
interface Seed {
  ward: string;
  id: string;
  marker: string;
}

interface Resource {
  name: string;
  seed(ward: string): Promise<Seed>;
  list?: Shown;
  /** A read of another area's row: 404 when by id, 403 when the path names the ward. */
  read?: { path(seed: Seed): string; denied: 403 | 404 };
  change?: { method: string; path(seed: Seed): string; body?: unknown; ok: number; denied: 403 | 404 };
  export?: Shown;
}

/**
 * A list or an export, and what another area's row gets: refused (the path names the ward: 403), hidden (the list
 * is cut to the caller's areas: 200 without it) or missing (the path names the row: 404).
 */
interface Shown {
  path(seed: Seed): string;
  other: 'refused' | 'hidden' | 'missing';
  /** What the own answer shows when not the seed's marker (an export with no rows yet: its header). */
  shows?: string;
}

describe('area scope of the staff API', () => {
  let app: TestService;
  let call: StaffCall;
  const db = () => app.database.handle.db;
  const actors: { token: string }[] = [];

  beforeAll(async () => {
    app = await startTestService({ WORKERS: 'none' });
    call = staffCall(app);
    actors.push(await staffToken(call, 'ward', [A]));
    actors.push(await staffToken(call, 'district', ['731']));
  });
  afterAll(async () => {
    await app.stop();
  });

  const admin = async (method: string, path: string, body?: unknown) => {
    const answer = await call(ADMIN, method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.text}`);
    return answer.body;
  };

  const resources: Resource[] = [
    {
      name: 'declarations',
      seed: async (ward) => {
        const marker = `Người ${unique()}`;
        const [person] = await db()
          .insert(people)
          .values({ phone: `+84${freshPhone().slice(1)}` })
          .returning();
        const declaration = await recordDeclaration(
          db(),
          {
            kind: 'domestic',
            personId: person?.id ?? '',
            declaredBy: person?.id ?? '',
            fullName: marker,
            birthYear: 1980,
            gender: 'female',
            phone: null,
            wardCode: ward,
            address: '1 Đường Số 1',
            symptoms: [],
            exposures: [],
            vaccineDoses: 2,
            riskLevel: 'low',
            ruleVersion: '2021-09-v1',
            riskReasons: [],
            channel: 'sms',
          },
          new Date(),
        );
        return { ward, id: declaration.id, marker };
      },
      list: { path: (s) => `/declarations?ward=${s.ward}`, other: 'refused' },
      export: { path: (s) => `/declarations?ward=${s.ward}&format=csv`, other: 'refused' },
    },
    {
      name: 'home monitoring',
      seed: async (ward) => {
        const body = { phone: freshPhone(), kind: 'F1', wardCode: ward, endDate: vietnamDay(10), createdBy: 'admin' };
        const started = await admin('POST', '/monitoring', body);
        return { ward, id: started.case.id, marker: started.case.id };
      },
      list: { path: (s) => `/monitoring?ward=${s.ward}`, other: 'refused' },
      read: { path: (s) => `/monitoring/${s.id}/readings`, denied: 404 },
      change: { method: 'POST', path: (s) => `/monitoring/${s.id}/end`, body: { endedBy: 'cb' }, ok: 200, denied: 404 },
    },
    {
      name: 'relief',
      seed: async (ward) => {
        const round = await currentRound(db(), ward, `Đợt ${unique()}`);
        return { ward, id: round.id, marker: round.id };
      },
      list: { path: (s) => `/relief/wards/${s.ward}/rounds`, other: 'refused' },
      read: { path: (s) => `/relief/wards/${s.ward}/rounds/${s.id}/requests`, denied: 403 },
      change: { method: 'POST', path: (s) => `/relief/wards/${s.ward}/rounds/${s.id}/close`, ok: 200, denied: 403 },
      export: {
        path: (s) => `/relief/wards/${s.ward}/rounds/${s.id}/deliveries.csv`,
        other: 'refused',
        shows: 'request,delivered_at',
      },
    },
    {
      name: 'vaccination sites and slots',
      seed: async (ward) => {
        const { site } = await siteWithSlot(db(), { now: new Date(), capacity: 5, wardCode: ward });
        return { ward, id: site.id, marker: site.code };
      },
      list: { path: () => '/vaccination/sites', other: 'hidden' },
      change: {
        method: 'PATCH',
        path: (s) => `/vaccination/sites/${s.id}`,
        body: { name: 'Trạm mới' },
        ok: 200,
        denied: 404,
      },
    },
    {
      name: 'vaccination registrations',
      seed: async (ward) => {
        const { slot } = await siteWithSlot(db(), { now: new Date(), capacity: 5, wardCode: ward });
        const [personId] = await registrants(db(), 1);
        const idNumber = `0011${String(randomBytes(4).readUInt32BE()).padStart(10, '0').slice(0, 8)}`;
        const booked = await bookSlot(
          db(),
          {
            slotId: slot.id,
            registrantPersonId: personId ?? '',
            forSelf: true,
            fullName: 'Nguyễn Văn An',
            birthYear: 1960,
            idHash: cipher.lookupHash(idNumber),
            idCipher: cipher.encrypt(idNumber),
            priorityGroup: 'over_65',
            dose: 1,
          },
          new Date(),
        );
        if (!booked.ok) throw new Error(booked.reason);
        return { ward, id: booked.registration.id, marker: booked.registration.code };
      },
      list: { path: () => '/vaccination/registrations', other: 'hidden' },
      change: { method: 'POST', path: (s) => `/vaccination/registrations/${s.id}/done`, ok: 200, denied: 404 },
      export: { path: () => '/vaccination/registrations.csv', other: 'hidden' },
    },
    {
      name: 'venues',
      seed: async (ward) => {
        const body = { name: `Quán ${unique()}`, category: 'cafe', address: '3 Phan Trung', wardCode: ward };
        const created = await admin('POST', '/venues', body);
        return { ward, id: created.venue.id, marker: created.venue.code };
      },
      list: { path: () => '/venues', other: 'hidden' },
      read: { path: (s) => `/venues/${s.id}/poster.svg`, denied: 404 },
      change: { method: 'PATCH', path: (s) => `/venues/${s.id}`, body: { name: 'Quán mới' }, ok: 200, denied: 404 },
    },
    {
      name: 'cases and exposures',
      seed: async (ward) => {
        const body = {
          phone: freshPhone(),
          wardCode: ward,
          infectiousFrom: soon(-3).toISOString(),
          infectiousTo: soon(-1).toISOString(),
          createdBy: 'admin',
        };
        const created = await admin('POST', '/cases', body);
        return { ward, id: created.case.id, marker: created.case.id };
      },
      list: { path: () => '/cases', other: 'hidden' },
      read: { path: (s) => `/cases/${s.id}/exposures`, denied: 404 },
      change: {
        method: 'POST',
        path: (s) => `/cases/${s.id}/approve`,
        body: { approvedBy: 'cb' },
        ok: 201,
        denied: 404,
      },
    },
    {
      name: 'campaigns',
      seed: async (ward) => {
        const created = await admin('POST', '/campaigns', {
          kind: 'information',
          title: `Thông báo ${unique()}`,
          message: { text: { vi: 'Thông báo của phường' } },
          audience: { type: 'wards', wards: [ward] },
          requiresApproval: true,
          createdBy: 'admin',
        });
        return { ward, id: created.campaign.id, marker: created.campaign.id };
      },
      list: { path: () => '/campaigns', other: 'hidden' },
      read: { path: (s) => `/campaigns/${s.id}`, denied: 404 },
      change: { method: 'POST', path: (s) => `/campaigns/${s.id}/cancel`, ok: 200, denied: 404 },
      export: { path: (s) => `/campaigns/${s.id}/report.csv`, other: 'missing', shows: 'phone,status' },
    },
    {
      name: 'ward risk levels',
      seed: async (ward) => ({ ward, id: ward, marker: ward }),
      change: {
        method: 'PUT',
        path: (s) => `/wards/${s.ward}/risk`,
        body: { level: 2, setBy: 'cb' },
        ok: 200,
        denied: 403,
      },
    },
    {
      name: 'people',
      seed: async (ward) => {
        const [person] = await db()
          .insert(people)
          .values({ phone: `+84${freshPhone().slice(1)}`, wardCode: ward })
          .returning();
        return { ward, id: person?.id ?? '', marker: person?.id ?? '' };
      },
      read: { path: (s) => `/people/${s.id}`, denied: 404 },
    },
  ];

  describe.each([
    { who: 'a ward officer of A', index: 0 },
    { who: "a district officer of A's district", index: 1 },
  ])('$who', ({ index }) => {
    it.each(resources)('$name: lists, reads, changes and exports ward A, never ward B', async (resource) => {
      const { token } = actors[index] ?? { token: '' };
      const [own, other] = [await resource.seed(A), await resource.seed(B)];
      // A list or an export: the own row is in it; the other one is refused (ward named) or left out (cut in SQL).
      const checkShown = async (spec: Shown) => {
        const mine = await call(token, 'GET', spec.path(own));
        expect(mine.status).toBe(200);
        expect(mine.text).toContain(spec.shows ?? own.marker);
        const theirs = await call(token, 'GET', spec.path(other));
        if (spec.other === 'refused') expect([theirs.status, theirs.body?.error]).toEqual([403, 'out_of_area']);
        if (spec.other === 'missing') expect(theirs.status).toBe(404);
        if (spec.other === 'hidden') {
          expect(theirs.status).toBe(200);
          expect(theirs.text).not.toContain(other.marker);
        }
      };
      if (resource.list) await checkShown(resource.list);
      if (resource.export) await checkShown(resource.export);
      if (resource.read) {
        expect((await call(token, 'GET', resource.read.path(own))).status).toBe(200);
        expect((await call(token, 'GET', resource.read.path(other))).status).toBe(resource.read.denied);
      }
      if (resource.change) {
        const { method, path, body } = resource.change;
        expect((await call(token, method, path(other), body)).status).toBe(resource.change.denied);
        const done = await call(token, method, path(own), body);
        expect([done.status, done.body?.error]).toEqual([resource.change.ok, undefined]);
      }
    });
  });

  it('lets an official target only the wards and cohorts of their areas, and never everyone', async () => {
    const { token } = actors[0] ?? { token: '' };
    const campaign = (audience: object) => ({
      kind: 'information',
      title: 'Thông báo',
      message: { text: { vi: 'Thông báo' } },
      audience,
      requiresApproval: true,
      createdBy: 'cb',
    });
    const refused = async (audience: object) => (await call(token, 'POST', '/campaigns', campaign(audience))).body;
    expect((await refused({ type: 'wards', wards: [A, B] })).error).toBe('out_of_area');
    expect((await refused({ type: 'everyone' })).error).toBe('out_of_area');
    expect((await refused({ type: 'cohort', cohort: 'monitoring', ref: B })).error).toBe('out_of_area');
    expect((await refused({ type: 'cohort', cohort: 'monitoring', ref: 'all' })).error).toBe('out_of_area');
    const mine = await call(token, 'POST', '/campaigns', campaign({ type: 'cohort', cohort: 'monitoring', ref: A }));
    expect(mine.status).toBe(201);
    expect(mine.body.campaign.wardCodes).toEqual([A]);
    // An uploaded list is attributed to the wards of the author's areas: the district sees it, a ward of B does not.
    const listed = await call(
      token,
      'POST',
      '/campaigns',
      campaign({ type: 'phones', recipients: [{ phone: freshPhone() }] }),
    );
    expect(listed.body.campaign.wardCodes).toEqual([A]);
    // "Everyone" is the province's officer's when the province is the whole deployment (the bundled sample).
    const province = await staffToken(call, 'province', ['75']);
    const everyone = await call(province.token, 'POST', '/campaigns', campaign({ type: 'everyone' }));
    expect(everyone.status).toBe(201);
    expect(everyone.body.campaign.wardCodes).toContain(B);
    const ofB = await staffToken(call, 'ward', [B]);
    expect((await call(ofB.token, 'GET', `/campaigns/${listed.body.campaign.id}`)).status).toBe(404);
    expect((await call(actors[1]?.token ?? '', 'GET', `/campaigns/${listed.body.campaign.id}`)).status).toBe(200);
  });

  it("asks an official for the case's ward, in their areas", async () => {
    const { token } = actors[0] ?? { token: '' };
    const body = {
      phone: freshPhone(),
      infectiousFrom: soon(-3).toISOString(),
      infectiousTo: soon(-1).toISOString(),
      createdBy: 'cb',
    };
    expect((await call(token, 'POST', '/cases', body)).body.error).toBe('ward_required');
    expect((await call(token, 'POST', '/cases', { ...body, wardCode: B })).body.error).toBe('out_of_area');
    expect((await call(token, 'POST', '/cases', { ...body, wardCode: A })).status).toBe(201);
  });

  it("lists the cases of the caller's areas newest first (an admin also those of no ward), one ward on request", async () => {
    const register = async (wardCode?: string) => {
      const body = {
        phone: freshPhone(),
        infectiousFrom: soon(-3).toISOString(),
        infectiousTo: soon(-1).toISOString(),
      };
      return (await admin('POST', '/cases', { ...body, wardCode, createdBy: 'admin' })).case.id as string;
    };
    const [inA, inB, noWard] = [await register(A), await register(B), await register()];
    const province = await staffToken(call, 'province', ['75']);
    const seen = async (token: string, query = '') => {
      const listed = await call(token, 'GET', `/cases${query}`);
      expect(listed.status).toBe(200);
      return listed.body.cases
        .map((row: { id: string }) => row.id)
        .filter((id: string) => [inA, inB, noWard].includes(id));
    };
    const [ward, district] = [actors[0]?.token ?? '', actors[1]?.token ?? ''];
    expect(await seen(ward)).toEqual([inA]);
    expect(await seen(district, `?ward=${A}`)).toEqual([inA]);
    expect(await seen(province.token)).toEqual([inB, inA]);
    expect(await seen(ADMIN)).toEqual([noWard, inB, inA]);
    expect((await call(ward, 'GET', `/cases?ward=${B}`)).body.error).toBe('out_of_area');
    expect((await call(ward, 'GET', '/cases?limit=0')).status).toBe(400);
  });

  it('lets an official move a venue only to a known ward of their areas, and changes nothing when refused', async () => {
    const base = { category: 'cafe', address: '3 Phan Trung', wardCode: A };
    const { venue } = await admin('POST', '/venues', { ...base, name: `Quán ${unique()}` });
    const [ward, district] = [actors[0]?.token ?? '', actors[1]?.token ?? ''];
    for (const [token, wardCode, error] of [
      [ward, B, 'out_of_area'],
      [district, B, 'out_of_area'],
      [district, '99999', 'unknown_ward'],
    ] as const) {
      expect((await call(token, 'PATCH', `/venues/${venue.id}`, { wardCode })).body.error).toBe(error);
    }
    expect((await admin('GET', `/venues/${venue.id}`)).venue.wardCode).toBe(A);
    // Within the district (Hố Nai lies in Biên Hòa too), and back.
    expect((await call(district, 'PATCH', `/venues/${venue.id}`, { wardCode: '26002' })).body.venue.wardCode).toBe(
      '26002',
    );
    expect((await call(ward, 'PATCH', `/venues/${venue.id}`, { name: 'X' })).status).toBe(404);
    expect((await call(district, 'PATCH', `/venues/${venue.id}`, { wardCode: A })).status).toBe(200);
  });

  it('shows a venue owner the venues given to their account and nothing else', async () => {
    const owner = await staffToken(call, 'venue_owner', [A]);
    const base = { category: 'shop', address: '9 Phan Trung', wardCode: A };
    const given = await admin('POST', '/venues', { ...base, name: 'Tiệm của chủ', ownerAccountId: owner.id });
    const notGiven = await admin('POST', '/venues', { ...base, name: 'Tiệm khác' });
    const listed = await call(owner.token, 'GET', '/venues');
    expect(listed.body.venues.map((venue: { id: string }) => venue.id)).toEqual([given.venue.id]);
    expect((await call(owner.token, 'GET', `/venues/${given.venue.id}/poster.svg`)).status).toBe(200);
    expect((await call(owner.token, 'GET', `/venues/${notGiven.venue.id}`)).status).toBe(404);
    expect((await call(owner.token, 'POST', `/venues/${given.venue.id}/close`)).status).toBe(403);
    expect((await call(owner.token, 'GET', `/declarations?ward=${A}`)).status).toBe(403);
    expect((await call(owner.token, 'GET', '/cases')).status).toBe(403);
    const official = await staffToken(call, 'ward', [A]);
    const notAnOwner = await call(ADMIN, 'PATCH', `/venues/${notGiven.venue.id}`, { ownerAccountId: official.id });
    expect(notAnOwner.body.error).toBe('unknown_owner');
  });
});
