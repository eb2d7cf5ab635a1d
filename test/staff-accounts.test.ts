import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStaffByUsername } from '../core/db/staff-repository.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PASSWORD = 'correct horse battery';

// Staff accounts for the console and integrations: sign-in with lockout, session cookies with CSRF, roles, API tokens,
// approval by a second official, and the audit log of all of it.
describe('staff accounts', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService();
  });
  afterAll(async () => {
    await app.stop();
  });

  const createAccount = (body: object) =>
    app.post('/api/v1/staff', { displayName: 'Cán bộ', password: PASSWORD, areas: ['26002'], ...body }, admin);
  const signIn = async (username: string, password = PASSWORD) => {
    const response = await fetch(`${app.service.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await response.json()) as { csrfToken?: string; error?: string };
    const cookie = response.headers.get('set-cookie') ?? '';
    return { status: response.status, body, cookie, session: cookie.split(';')[0] ?? '' };
  };

  it('creates accounts only with a strong password, an area for non-admins, and a free username', async () => {
    expect((await createAccount({ username: 'weak', role: 'ward', password: 'short' })).body.error).toBe(
      'weak_password',
    );
    expect((await createAccount({ username: 'nowhere', role: 'ward', areas: [] })).body.error).toBe('no_area');
    const created = await createAccount({ username: 'BS.Lan', role: 'ward' });
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ username: 'bs.lan', role: 'ward', areas: ['26002'] });
    expect(created.body.account.passwordHash).toBeUndefined();
    expect((await createAccount({ username: 'bs.lan', role: 'ward' })).status).toBe(409);
    const stored = await findStaffByUsername(app.database.handle.db, 'bs.lan');
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
  });

  it('signs in with an HttpOnly SameSite cookie, and wants the CSRF token to change anything', async () => {
    const { status, body, cookie, session } = await signIn('BS.LAN');
    expect(status).toBe(200);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    expect(cookie).not.toContain('Secure');
    const read = await app.get('/api/v1/campaigns', { cookie: session });
    expect(read.status).toBe(200);
    const preview = { message: { text: { vi: 'Thử' } } };
    expect((await app.post('/api/v1/campaigns/preview', preview, { cookie: session })).body.error).toBe('csrf');
    // A forged token (another session's, or made up) is refused the same way.
    const forged = await app.post('/api/v1/campaigns/preview', preview, {
      cookie: session,
      'x-csrf-token': `${body.csrfToken ?? ''}x`,
    });
    expect(forged).toMatchObject({ status: 403, body: { error: 'csrf' } });
    const withToken = await app.post('/api/v1/campaigns/preview', preview, {
      cookie: session,
      'x-csrf-token': body.csrfToken ?? '',
    });
    expect(withToken.status).toBe(200);
    // A ward officer is no admin.
    expect((await app.get('/api/v1/staff', { cookie: session })).status).toBe(403);
    const me = await app.get('/auth/me', { cookie: session });
    expect(me.body.staff).toMatchObject({ name: 'bs.lan', role: 'ward', areas: ['26002'] });
    const out = await app.post('/auth/logout', {}, { cookie: session, 'x-csrf-token': body.csrfToken ?? '' });
    expect(out.status).toBe(200);
    expect((await app.get('/api/v1/campaigns', { cookie: session })).status).toBe(401);
  });

  it('lets a ward officer act on their own ward only, and a district officer on every ward of the district', async () => {
    await createAccount({ username: 'cb.trangdai', role: 'ward', areas: ['25993'] });
    await createAccount({ username: 'cb.bienhoa', role: 'district', areas: ['731'] });
    const ward = await signIn('cb.trangdai');
    const district = await signIn('cb.bienhoa');
    expect((await app.get('/api/v1/relief/wards/25993/rounds', { cookie: ward.session })).status).toBe(200);
    const other = await app.get('/api/v1/relief/wards/25996/rounds', { cookie: ward.session });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('out_of_area');
    expect((await app.get('/api/v1/relief/wards/25996/rounds', { cookie: district.session })).status).toBe(200);
    // Long Khánh is another district of the province.
    const outside = await app.get('/api/v1/relief/wards/26071/rounds', { cookie: district.session });
    expect(outside.status).toBe(403);
    // Declarations, monitoring and ward staff are read for a ward of one's areas, and only those.
    expect((await app.get('/api/v1/declarations?ward=25993', { cookie: ward.session })).status).toBe(200);
    expect((await app.get('/api/v1/declarations?ward=26071', { cookie: district.session })).body.error).toBe(
      'out_of_area',
    );
    expect((await app.get('/api/v1/declarations', { cookie: ward.session })).body.error).toBe('ward_required');
    expect((await app.get('/api/v1/monitoring?ward=25996', { cookie: ward.session })).status).toBe(403);
    expect((await app.get('/api/v1/ward-staff?ward=25996', { cookie: district.session })).status).toBe(200);
    expect((await app.get('/api/v1/declarations', admin)).status).toBe(200);
  });

  it('locks an account after five wrong passwords, even against the right one, and says nothing of unknown users', async () => {
    await createAccount({ username: 'bs.minh', role: 'district', areas: ['731'] });
    for (let i = 0; i < 5; i++) expect((await signIn('bs.minh', 'wrong password!!')).status).toBe(401);
    const locked = await signIn('bs.minh');
    expect(locked.status).toBe(423);
    expect(locked.cookie).toBe('');
    const unknown = await signIn('nobody.here');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('bad_credentials');
  });

  it('gives integrations revocable API tokens, and a disabled account loses its sessions', async () => {
    const account = (await createAccount({ username: 'he.thong', role: 'province', areas: ['75'] })).body.account;
    const issued = await app.post(`/api/v1/staff/${account.id}/tokens`, { name: 'hospital LIS' }, admin);
    expect(issued.status).toBe(201);
    const bearer = { authorization: `Bearer ${issued.body.token}` };
    expect((await app.get('/api/v1/campaigns', bearer)).status).toBe(200);
    const { session } = await signIn('he.thong');
    expect((await app.get('/api/v1/campaigns', { cookie: session })).status).toBe(200);
    expect(
      (await app.post('/api/v1/staff/00000000-0000-0000-0000-000000000000/tokens', { name: 'x' }, admin)).status,
    ).toBe(404);
    const disabled = await fetch(`${app.service.url}/api/v1/staff/${account.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled.status).toBe(200);
    expect((await app.get('/api/v1/campaigns', { cookie: session })).status).toBe(401);
    expect((await app.get('/api/v1/campaigns', bearer)).status).toBe(401);
    const revoke = await fetch(`${app.service.url}/api/v1/tokens/${issued.body.id}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(revoke.status).toBe(200);
  });

  it('needs a second official to approve, whatever the body claims, and audits who did what', async () => {
    const first = (await createAccount({ username: 'bs.an', role: 'province', areas: ['75'] })).body.account;
    await createAccount({ username: 'bs.binh', role: 'province', areas: ['75'] });
    const an = await signIn('bs.an');
    const anHeaders = { cookie: an.session, 'x-csrf-token': an.body.csrfToken ?? '' };
    const created = await app.post(
      '/api/v1/campaigns',
      {
        kind: 'information',
        title: 'Thông báo',
        message: { text: { vi: 'Thông báo' } },
        audience: { type: 'phones', recipients: [{ phone: '0987123456' }] },
        requiresApproval: true,
        createdBy: 'someone else',
      },
      anHeaders,
    );
    expect(created.body.campaign.createdBy).toBe('bs.an');
    const id = created.body.campaign.id;
    const self = await app.post(`/api/v1/campaigns/${id}/approve`, { approvedBy: 'bs.binh' }, anHeaders);
    expect(self.body.error).toBe('same_official');
    const binh = await signIn('bs.binh');
    const approved = await app.post(
      `/api/v1/campaigns/${id}/approve`,
      { approvedBy: 'bs.binh' },
      { cookie: binh.session, 'x-csrf-token': binh.body.csrfToken ?? '' },
    );
    expect(approved.body.campaign.approvedBy).toBe('bs.binh');
    const log = await app.get(`/api/v1/audit?actor=${first.id}`, admin);
    expect(log.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['campaign_created', 'sign_in']);
    const csv = await app.get('/api/v1/audit?format=csv&action=sign_in_failed', admin);
    expect(csv.text.split('\n')[0]).toBe('id,at,actor,action,target,details,ip');
    expect(csv.text).toContain('bad_password');
    const exported = await app.get('/api/v1/audit?action=export', admin);
    expect(exported.body.entries[0]).toMatchObject({ actor: 'admin-token', target: 'audit' });
  });

  it('creates the first admin from the command line, with the password on stdin', async () => {
    const run = async (args: string[], input: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'core/db/staff-create-command.ts', ...args], {
        env: { ...process.env, DATABASE_URL: app.database.url, LOG_LEVEL: 'silent' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stdin.end(input);
      const [code] = (await once(child, 'exit')) as [number];
      return { code, output };
    };
    const ok = await run(['--username', 'root.admin', '--name', 'Quản trị'], `${PASSWORD}\n`);
    expect(ok.output).toContain('created admin account root.admin');
    expect(ok.code).toBe(0);
    expect((await signIn('root.admin')).status).toBe(200);
    const weak = await run(['--username', 'other.admin', '--name', 'X'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.output).toContain('at least 12 characters');
    expect((await run(['--username', 'w', '--name', 'W', '--role', 'ward'], `${PASSWORD}\n`)).output).toContain(
      '--areas',
    );
  }, 60_000);

  it('refuses the 21st sign-in attempt from one address within a minute', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await signIn('nobody.else', 'whatever password')).status;
    expect(last).toBe(429);
  });
});
