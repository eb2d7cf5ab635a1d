import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCheckinPartitions } from '../core/db/checkin-partitions.js';
import { cohortSources } from '../core/db/cohort-sources.js';
import { checkins, people } from '../core/db/schema.js';
import { randomReceiptCode, venueLinkToken } from '../core/domain/venue-codes.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

// jsqr is a CommonJS bundle whose types declare an ES default export; requiring it keeps both sides honest.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;
const LINK_SECRET = 'venue-link-secret-for-tests';
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const venueInput = { name: 'Chợ Bến Thành', category: 'market', address: '1 Lê Lợi, Quận 1', wardCode: '26743' };

// The staff API for venues, posters, cases and the safety map, through HTTP against the real service.
describe('venues, posters, cases and the safety map', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService({
      VENUE_LINK_SECRET: LINK_SECRET,
      TELEGRAM_BOT_USERNAME: 'soyte_bot',
      ZALO_OA_ID: '4318927561',
      SMS_SHORTCODE: '8088',
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  const createVenue = async (body: object = {}) => {
    const response = await app.post('/api/v1/venues', { ...venueInput, ...body }, auth);
    expect(response.status).toBe(201);
    return response.body;
  };
  const put = async (path: string, body: object) =>
    (
      await fetch(`${app.service.url}${path}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).status;
  const fetchBytes = async (path: string) => {
    const response = await fetch(`${app.service.url}${path}`, { headers: auth });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  it('registers venues under distinct 6-digit codes that do not run in sequence', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) codes.push(Number((await createVenue({ name: `Quầy ${i}` })).venue.code));
    expect(new Set(codes).size).toBe(6);
    expect(codes.every((code) => code >= 100_000 && code <= 999_999)).toBe(true);
    const steps = codes.slice(1).map((code, i) => code - (codes[i] ?? 0));
    expect(steps.every((step) => step === 1)).toBe(false);
  });

  it('gives each venue a signed link token and deep links', async () => {
    const { venue, links } = await createVenue({ ownerPhone: '0912 345 678' });
    expect(links.token).toBe(venueLinkToken(LINK_SECRET, venue));
    expect(links.telegram).toBe(`https://t.me/soyte_bot?start=ci_${links.token}`);
    expect(`ci_${links.token}`.length).toBeLessThanOrEqual(64);
    expect(links.zalo).toBe('https://zalo.me/4318927561');
    expect(venue.ownerPhone).toBe('+84912345678');
    expect(venue.ownerPersonId).toEqual(expect.any(String));
  });

  it.each([
    { description: 'a ward code that is not 5 digits', body: { wardCode: '123' }, error: 'invalid_request' },
    { description: 'an owner phone that is not Vietnamese', body: { ownerPhone: '12345' }, error: 'invalid_phone' },
    { description: 'an unknown field', body: { colour: 'red' }, error: 'invalid_request' },
    { description: 'an empty name', body: { name: ' ' }, error: 'invalid_request' },
  ])('refuses $description', async ({ body, error }) => {
    const response = await app.post('/api/v1/venues', { ...venueInput, ...body }, auth);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(error);
  });

  it('refuses callers without the token', async () => {
    expect((await app.post('/api/v1/venues', venueInput)).status).toBe(401);
  });

  it('prints a PNG poster whose QR code opens the bot with the check-in token', async () => {
    const { venue, links } = await createVenue();
    const poster = await fetchBytes(`/api/v1/venues/${venue.id}/poster.png`);
    expect(poster.status).toBe(200);
    expect(poster.type).toBe('image/png');
    const image = PNG.sync.read(poster.bytes);
    expect(image.height / image.width).toBeCloseTo(297 / 210, 1);
    const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(qr?.data).toBe(`https://t.me/soyte_bot?start=ci_${links.token}`);
  });

  it('prints the same poster as SVG (name, address, code, SMS line in both languages) and as a PDF', async () => {
    const { venue } = await createVenue();
    const svg = await fetchBytes(`/api/v1/venues/${venue.id}/poster.svg`);
    expect(svg.type).toMatch(/^image\/svg\+xml/);
    const text = svg.bytes.toString('utf8');
    for (const expected of [
      'Chợ Bến Thành',
      '1 Lê Lợi, Quận 1',
      `Soan CI ${venue.code} gui 8088`,
      `text CI ${venue.code} to 8088`,
    ]) {
      expect(text).toContain(expected);
    }
    const pdf = await fetchBytes(`/api/v1/venues/${venue.id}/poster.pdf`);
    expect(pdf.type).toBe('application/pdf');
    const body = pdf.bytes.toString('latin1');
    expect(body.startsWith('%PDF-1.4')).toBe(true);
    expect(body.trimEnd().endsWith('%%EOF')).toBe(true);
    // Every cross-reference entry points at its object, as a PDF reader will look it up.
    const startxref = Number(/startxref\n(\d+)/.exec(body)?.[1]);
    const offsets = [...body.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    expect(offsets.map((offset) => body.slice(offset).split('\n', 1)[0])).toEqual([
      '1 0 obj',
      '2 0 obj',
      '3 0 obj',
      '4 0 obj',
      '5 0 obj',
    ]);
  });

  it('closes a venue once; a closed venue has no poster', async () => {
    const { venue } = await createVenue();
    expect((await app.post(`/api/v1/venues/${venue.id}/close`, {}, auth)).body.venue.status).toBe('closed');
    expect((await app.post(`/api/v1/venues/${venue.id}/close`, {}, auth)).status).toBe(409);
    expect((await fetchBytes(`/api/v1/venues/${venue.id}/poster.png`)).status).toBe(409);
    expect((await fetchBytes('/api/v1/venues/00000000-0000-4000-8000-000000000000/poster.png')).status).toBe(404);
    expect((await fetchBytes(`/api/v1/venues/${venue.id}/poster.gif`)).status).toBe(400);
  });

  const patch = async (id: string, body: unknown) => {
    const response = await fetch(`${app.service.url}/api/v1/venues/${id}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { venue: object; error?: string } };
  };

  it("corrects a venue's details and owner's phone, clears the phone, and audits field names, never values", async () => {
    const { venue } = await createVenue({ name: 'Quán phở', ownerPhone: '0912000111' });
    const changed = await patch(venue.id, { name: 'Quán phở Bến Thành', ownerPhone: '0912000222' });
    expect(changed.status).toBe(200);
    expect(changed.body.venue).toMatchObject({
      name: 'Quán phở Bến Thành',
      address: venueInput.address,
      ownerPhone: '+84912000222',
      code: venue.code,
      status: 'open',
    });
    const cleared = await patch(venue.id, { ownerPhone: null });
    expect(cleared.body.venue).toMatchObject({ ownerPhone: null, ownerPersonId: null });
    const audit = await app.get(`/api/v1/audit?action=${encodeURIComponent('PATCH /api/v1/venues/:id')}`, auth);
    expect(audit.body.entries.filter((entry: { target: string }) => entry.target === venue.id)).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ fields: ['ownerPhone'] }) }),
      expect.objectContaining({ details: expect.objectContaining({ fields: ['name', 'ownerPhone'] }) }),
    ]);
    expect(JSON.stringify(audit.body.entries)).not.toContain('912000222');
  });

  it.each([
    { refused: 'nothing to change', body: {}, error: 'invalid_request' },
    { refused: 'an unknown field', body: { status: 'closed' }, error: 'invalid_request' },
    { refused: 'a blank name', body: { name: '  ' }, error: 'invalid_request' },
    { refused: 'a phone that is not Vietnamese', body: { ownerPhone: '12345' }, error: 'invalid_phone' },
  ])('refuses $refused with 400 $error and changes nothing', async ({ body, error }) => {
    const { venue } = await createVenue({ name: 'Tiệm may' });
    const refused = await patch(venue.id, body);
    expect([refused.status, refused.body.error]).toEqual([400, error]);
    expect((await app.get(`/api/v1/venues/${venue.id}`, auth)).body.venue).toEqual(venue);
  });

  it('answers 404 for a venue that does not exist', async () => {
    expect((await patch('00000000-0000-4000-8000-000000000000', { name: 'X' })).status).toBe(404);
  });

  describe('cases', () => {
    const db = () => app.database.handle.db;
    const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

    it('registers a case, lists who overlapped, and approves one alert without naming the case', async () => {
      await ensureCheckinPartitions(db(), '2026-11-20', 1);
      const { venue } = await createVenue({ name: 'Nhà sách' });
      const { venue: other } = await createVenue({ name: 'Tiệm bánh' });
      const [casePerson, near, far] = await db()
        .insert(people)
        .values([{ phone: '+84987600001' }, { phone: '+84987600002' }, { phone: '+84987600003' }])
        .returning();
      const row = (personId: string | undefined, venueId: string, from: string, to: string) => ({
        personId: personId ?? '',
        venueId,
        checkedInAt: at(from),
        endsAt: at(to),
        receiptCode: randomReceiptCode(),
        channel: 'sms',
      });
      await db()
        .insert(checkins)
        .values([
          row(casePerson?.id, venue.id, '10:00', '11:00'),
          row(near?.id, venue.id, '10:40', '11:40'),
          row(far?.id, venue.id, '12:00', '13:00'),
          row(far?.id, other.id, '15:15', '15:45'),
        ]);
      const created = await app.post(
        '/api/v1/cases',
        {
          phone: '0987600001',
          infectiousFrom: '2026-11-18T00:00:00+07:00',
          infectiousTo: '2026-11-22T00:00:00+07:00',
          createdBy: 'bs.lan',
          visits: [
            { venueCode: other.code, startedAt: '2026-11-20T15:00:00+07:00', endedAt: '2026-11-20T15:30:00+07:00' },
          ],
        },
        auth,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ exposureCount: 2, case: { status: 'open', bufferMin: 30 } });
      const caseId = created.body.case.id;

      const listed = await app.get(`/api/v1/cases/${caseId}/exposures`, auth);
      expect(listed.body.exposures).toHaveLength(2);
      expect(listed.body.exposures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            phone: '+84987600002',
            venue: expect.objectContaining({ name: 'Nhà sách' }),
            overlapMinutes: 50,
          }),
          expect.objectContaining({
            phone: '+84987600003',
            venue: expect.objectContaining({ name: 'Tiệm bánh' }),
            overlapMinutes: 30,
          }),
        ]),
      );

      const approved = await app.post(`/api/v1/cases/${caseId}/approve`, { approvedBy: 'bs.minh' }, auth);
      expect(approved.status).toBe(201);
      expect(approved.body.campaign).toMatchObject({
        kind: 'exposure',
        urgent: true,
        message: { key: 'exposure:alert' },
        audience: { type: 'cohort', cohort: 'exposures', ref: caseId },
      });
      expect(approved.body.case).toMatchObject({ status: 'alerted', campaignId: approved.body.campaign.id });
      expect((await app.post(`/api/v1/cases/${caseId}/approve`, { approvedBy: 'bs.minh' }, auth)).status).toBe(409);

      const cohort = cohortSources.get('exposures');
      const audience = await cohort?.(db(), caseId, null, 10);
      expect(audience?.map((member) => member.personId).sort()).toEqual([near?.id, far?.id].sort());
      const params = audience?.find((member) => member.personId === near?.id)?.params;
      expect(params).toEqual({ venue: 'Nhà sách', time: '10:40', date: '20/11' });
      expect(JSON.stringify(audience)).not.toContain(casePerson?.id ?? 'case');
      expect(JSON.stringify(audience)).not.toContain('987600001');
    });

    it.each([
      { description: 'neither phone nor person', body: {}, status: 400 },
      {
        description: 'a period that ends before it starts',
        body: { phone: '0987600009', infectiousTo: '2026-11-01T00:00:00Z' },
        status: 400,
      },
      {
        description: 'a visit at an unknown venue',
        body: {
          phone: '0987600009',
          visits: [{ venueCode: '100000', startedAt: '2026-11-20T01:00:00Z', endedAt: '2026-11-20T02:00:00Z' }],
        },
        status: 400,
      },
      { description: 'an unknown person', body: { personId: '00000000-0000-4000-8000-000000000000' }, status: 400 },
    ])('refuses a case with $description', async ({ body, status }) => {
      const response = await app.post(
        '/api/v1/cases',
        { infectiousFrom: '2026-11-18T00:00:00Z', infectiousTo: '2026-11-22T00:00:00Z', createdBy: 'bs.lan', ...body },
        auth,
      );
      expect(response.status).toBe(status);
    });
  });

  it('publishes ward levels and venue safety without any personal data', async () => {
    await createVenue({ name: 'Quán phở', ownerPhone: '0912000111' });
    expect(await put('/api/v1/wards/26743/risk', { level: 3, setBy: 'ubnd.q1' })).toBe(200);
    expect(await put('/api/v1/wards/26743/risk', { level: 5, setBy: 'ubnd.q1' })).toBe(400);
    const map = await app.get('/public/map');
    expect(map.status).toBe(200);
    expect(map.body.wards).toEqual([expect.objectContaining({ wardCode: '26743', level: 3 })]);
    expect(map.body.venues.map((venue: { name: string }) => venue.name)).toContain('Quán phở');
    expect(map.text).not.toMatch(/\+?84\d{9}|0\d{9}/);
    expect(map.text).not.toMatch(/owner|person|phone/i);
  });
});
