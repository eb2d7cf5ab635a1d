import type { Page } from 'playwright-core';
import { TEST_ADMIN_TOKEN, type TestService } from '../support/test-service.js';

export const STAFF_PASSWORD = 'correct horse battery';

/** A staff account made through the staff API (as the admin token). */
export async function createStaff(
  app: TestService,
  account: { username: string; role: string; areas?: string[]; displayName?: string },
): Promise<void> {
  const { status, body } = await app.post(
    '/api/v1/staff',
    { displayName: account.username, password: STAFF_PASSWORD, areas: [], ...account },
    { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  );
  if (status !== 201) throw new Error(`creating ${account.username}: ${status} ${JSON.stringify(body)}`);
}

/** Signs in over HTTP; returns the cookie header value to send and the CSRF token. */
export async function signIn(app: TestService, username: string): Promise<{ cookie: string; csrfToken: string }> {
  const { status, body, headers } = await raw(app, '/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: STAFF_PASSWORD }),
  });
  if (status !== 200) throw new Error(`signing in ${username}: ${status} ${body}`);
  return { cookie: headers.get('set-cookie')?.split(';')[0] ?? '', csrfToken: JSON.parse(body).csrfToken };
}

/** A request that does not follow redirects, so a 302 and its Location can be checked. */
export async function raw(app: TestService, path: string, init: RequestInit = {}) {
  const response = await fetch(`${app.service.url}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Signs in through the console's own form and waits for the page it lands on. */
export async function signInPage(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/console/login`);
  await page.locator('#login input[name="username"]').fill(username);
  await page.locator('#login input[name="password"]').fill(STAFF_PASSWORD);
  await page.locator('#login button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/console/login');
}
