import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Answer, freshPhone, type StaffCall, staffCall, staffToken } from './area-scope-fixtures.js';
import { startTestService, type TestService } from './support/test-service.js';

const A = '25993';
const STATE_CHANGING = ['post', 'put', 'patch', 'delete'];
// A small limit, above the 64 KB the rest of the API takes, so the tests send little.
const CSV_UPLOAD_MAX_MB = '0.1';
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

interface AuditEntry {
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

describe('audit of the staff API', () => {
  let app: TestService;
  let call: StaffCall;
  let officer: { id: string; token: string };

  beforeAll(async () => {
    app = await startTestService({ WORKERS: 'none', CSV_UPLOAD_MAX_MB });
    call = staffCall(app);
    officer = await staffToken(call, 'district', ['731']);
  });
  afterAll(async () => {
    await app.stop();
  });

  const ok = (answer: Answer) => {
    if (answer.status >= 300) throw new Error(answer.text);
    return answer.body;
  };
  const entriesOf = async (query: string): Promise<AuditEntry[]> =>
    ok(await call(ADMIN, 'GET', `/audit?limit=5000&${query}`)).entries;

  it('hooks the audit onto every state-changing route of /api/v1, the preview alone exempt', async () => {
    const doc = await app.get('/docs/json');
    const operations = Object.entries(doc.body.paths as Record<string, Record<string, { 'x-audit'?: string }>>)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => STATE_CHANGING.includes(method))
          .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, audit: operation['x-audit'] })),
      );
    // Staff, campaigns, monitoring, relief, venues, cases, risk levels, vaccination: all there, none unaudited.
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((operation) => operation.audit !== 'every success')).toEqual([
      { route: 'POST /api/v1/campaigns/preview', audit: expect.stringMatching(/^exempt: /) },
    ]);
  });

  it('records case registration and exposure approval once each, without the personal data', async () => {
    const phone = freshPhone();
    const registered = ok(
      await call(officer.token, 'POST', '/cases', {
        phone,
        wardCode: A,
        infectiousFrom: days(-3),
        infectiousTo: days(-1),
        createdBy: 'cb',
      }),
    );
    const caseId = registered.case.id;
    const approved = ok(await call(officer.token, 'POST', `/cases/${caseId}/approve`, { approvedBy: 'cb' }));
    const entries = await entriesOf(`actor=${officer.id}`);
    const ofCase = entries.filter((entry) => entry.target === caseId);
    expect(ofCase.map((entry) => entry.action).sort()).toEqual(['case_registered', 'exposure_alert_approved']);
    expect(ofCase.find((entry) => entry.action === 'exposure_alert_approved')?.details).toMatchObject({
      route: 'POST /api/v1/cases/:id/approve',
      campaignId: approved.campaign.id,
    });
    expect(JSON.stringify(entries)).not.toContain(phone.slice(1));
  });

  it('records campaign create, approve and cancel, and a role change, by their names', async () => {
    const campaign = ok(
      await call(officer.token, 'POST', '/campaigns', {
        kind: 'information',
        title: 'Thông báo',
        message: { text: { vi: 'Thông báo' } },
        audience: { type: 'wards', wards: [A] },
        requiresApproval: true,
        createdBy: 'cb',
      }),
    ).campaign;
    ok(await call(ADMIN, 'POST', `/campaigns/${campaign.id}/approve`, { approvedBy: 'bs.binh' }));
    ok(await call(officer.token, 'POST', `/campaigns/${campaign.id}/cancel`));
    const ofCampaign = (await entriesOf('')).filter((entry) => entry.target === campaign.id);
    expect(ofCampaign.map((entry) => [entry.action, entry.actor]).reverse()).toEqual([
      ['campaign_created', officer.id],
      ['campaign_approved', 'admin-token'],
      ['campaign_cancelled', officer.id],
    ]);
    const patched = await fetch(`${app.service.url}/api/v1/staff/${officer.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'province', areas: ['75'] }),
    });
    expect(patched.status).toBe(200);
    const [change] = await entriesOf('action=staff_access_changed');
    expect(change).toMatchObject({ target: officer.id, details: { role: 'province', areas: ['75'] } });
  });

  it('records a route with no domain name by its route and path ids, and nothing for a refusal', async () => {
    ok(await call(ADMIN, 'PUT', `/wards/${A}/risk`, { level: 3, setBy: 'ubnd' }));
    const [entry] = await entriesOf(`action=${encodeURIComponent('PUT /api/v1/wards/:code/risk')}`);
    expect(entry).toMatchObject({ target: A, details: { params: { code: A }, fields: ['level', 'setBy'] } });
    expect((await call(ADMIN, 'PUT', `/wards/${A}/risk`, { level: 9, setBy: 'ubnd' })).status).toBe(400);
    expect(await entriesOf(`action=${encodeURIComponent('PUT /api/v1/wards/:code/risk')}`)).toHaveLength(1);
  });

  it('records personal-data exports with what was exported and the filters', async () => {
    const csv = await call(ADMIN, 'GET', `/declarations?ward=${A}&risk=high&format=csv`);
    expect(csv.status).toBe(200);
    const registrations = await call(ADMIN, 'GET', '/vaccination/registrations.csv?idNumber=001190000001');
    expect(registrations.status).toBe(200);
    const exports = await entriesOf('action=export');
    expect(exports.map((entry) => [entry.target, entry.details?.filters])).toEqual(
      expect.arrayContaining([
        ['declarations', { ward: A, risk: 'high' }],
        ['vaccination_registrations', { idNumber: 'given' }],
      ]),
    );
    expect(JSON.stringify(exports)).not.toContain('001190000001');
  });

  const padded = (header: string, row: string, bytes: number) => {
    const rows = Array.from({ length: Math.ceil(bytes / (row.length + 1)) }, () => row);
    return [header, ...rows].join('\n');
  };
  const csvRoutes = [
    {
      route: 'campaign audience',
      path: '/campaigns',
      body: (csv: string) => ({
        kind: 'information',
        title: 'T',
        message: { text: { vi: 'T' } },
        audience: { type: 'csv', csv },
        createdBy: 'admin',
      }),
    },
    { route: 'relief household list', path: `/relief/wards/${A}/households/import`, body: (csv: string) => ({ csv }) },
    { route: 'vaccination sites', path: '/vaccination/sites/import', body: (csv: string) => ({ csv }) },
    { route: "the day's done list", path: '/vaccination/registrations/done', body: (csv: string) => ({ csv }) },
  ];

  it.each(csvRoutes)('refuses an oversized CSV ($route) with 413 and the limit', async ({ path, body }) => {
    const big = await call(ADMIN, 'POST', path, body(padded('phone', '0987654321', 150 * 1024)));
    expect(big.status).toBe(413);
    expect(big.body).toEqual({
      error: 'csv_too_large',
      message:
        'The upload is larger than the 0.1 MB limit for CSV files (CSV_UPLOAD_MAX_MB); split it into smaller files.',
    });
    // Under the limit (and above the 64 KB other routes take) it is read: whatever it says, no 413.
    const within = await call(ADMIN, 'POST', path, body(padded('phone', 'xxxxxxxxx', 80 * 1024)));
    expect(within.status).not.toBe(413);
  });
});
