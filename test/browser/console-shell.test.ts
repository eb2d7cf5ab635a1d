import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocaleResources } from '../../core/i18n/translator.js';
import { consolePages } from '../../dashboard/pages/index.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createStaff, raw, signIn } from './console-accounts.js';

// Sends the path exactly as written: fetch would resolve "../" before it leaves, hiding what a raw client can try.
function getVerbatim(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

// The console's frame over plain HTTP: who gets a page, which files are served, and the headers that fence scripts in.
describe('console shell', () => {
  let app: TestService;
  let ward: { cookie: string; csrfToken: string };
  let venueOwner: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    app = await startTestService();
    await createStaff(app, { username: 'cb.hn', role: 'ward', areas: ['26002'], displayName: '<b>Lan</b> & "Hà"' });
    await createStaff(app, { username: 'quan.ca', role: 'venue_owner', areas: ['26002'] });
    ward = await signIn(app, 'cb.hn');
    venueOwner = await signIn(app, 'quan.ca');
  });
  afterAll(async () => {
    await app.stop();
  });

  it.each([
    { path: '/console', location: '/console/login' },
    { path: '/console/campaigns', location: '/console/login?next=%2Fconsole%2Fcampaigns' },
  ])('sends a stranger from $path to the sign-in page', async ({ path, location }) => {
    const response = await raw(app, path);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(location);
  });

  it('fences the pages in: only our own scripts, no framing, no inline script', async () => {
    const response = await raw(app, '/console/login');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const scripts = [...response.body.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    expect(scripts.every((attributes) => /type="(module|application\/json)"/.test(attributes ?? ''))).toBe(true);
    expect(response.body).not.toMatch(/\sstyle=|<style/);
  });

  it('brings a signed-in official to their first page, their name escaped, the CSRF token embedded for scripts', async () => {
    const landing = await raw(app, '/console', { headers: { cookie: ward.cookie } });
    expect(landing.headers.get('location')).toBe('/console/overview');
    const page = await raw(app, '/console/campaigns', { headers: { cookie: ward.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('&lt;b&gt;Lan&lt;/b&gt; &amp; &quot;Hà&quot;');
    expect(page.body).not.toContain('<b>Lan</b>');
    const data = JSON.parse(
      /<script type="application\/json" id="console-data">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '',
    );
    expect(data).toMatchObject({ locale: 'vi', csrfToken: ward.csrfToken, user: { username: 'cb.hn', role: 'ward' } });
    expect(page.body).toContain('<html lang="vi">');
    // A ward officer may not write to the whole province.
    expect(data.page.audiences).toEqual(['wards', 'phones', 'csv', 'cohort']);
  });

  it('shows a role without access a 403 page, and a signed-in official the sign-in page no more', async () => {
    const page = await raw(app, '/console/campaigns', { headers: { cookie: venueOwner.cookie } });
    expect(page.status).toBe(403);
    expect(page.body).toContain('Không có quyền truy cập');
    const login = await raw(app, '/console/login?next=/console/campaigns', { headers: { cookie: ward.cookie } });
    expect(login.headers.get('location')).toBe('/console/campaigns');
  });

  it('speaks English when the language cookie says so', async () => {
    const page = await raw(app, '/console/campaigns', { headers: { cookie: `${ward.cookie}; console_lang=en` } });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<h1>Campaigns</h1>');
  });

  it('never sends a signed-in browser off the console', async () => {
    const login = await raw(app, `/console/login?next=${encodeURIComponent('//evil.example/x')}`, {
      headers: { cookie: ward.cookie },
    });
    expect(login.headers.get('location')).toBe('/console');
  });

  it.each([
    { file: 'console.js', type: 'text/javascript; charset=utf-8' },
    { file: 'console.css', type: 'text/css; charset=utf-8' },
    { file: 'campaigns.js', type: 'text/javascript; charset=utf-8' },
  ])('serves the asset $file as $type', async ({ file, type }) => {
    const response = await raw(app, `/console/assets/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    const again = await raw(app, `/console/assets/${file}`, {
      headers: { 'if-none-match': response.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it.each([
    '/console/assets/missing.js',
    '/console/assets/../console-routes.ts',
    '/console/assets/..%2Fconsole-routes.ts',
    '/console/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/console/assets/..%5C..%5Cpackage.json',
    '/console/assets/%2Fetc%2Fpasswd',
    '/console/assets/console.js%00.ts',
    '/console/assets/',
  ])('refuses %s', async (path) => {
    const response = await getVerbatim(app.service.url, path);
    expect(response.status).toBe(404);
    expect(response.body).not.toMatch(/import |"name"|root:/);
  });

  it('has every console text in Vietnamese and English, page titles included', () => {
    const resources = loadLocaleResources();
    const vi = resources.vi?.console;
    const en = resources.en?.console;
    expect(keysOf(en).sort()).toEqual(keysOf(vi).sort());
    for (const page of consolePages) expect(keysOf(vi)).toContain(page.titleKey);
  });
});
