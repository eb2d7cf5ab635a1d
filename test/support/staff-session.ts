import { TEST_ADMIN_TOKEN, type TestService } from './test-service.js';

const PASSWORD = 'correct horse battery';

/** Headers of a signed-in console: the session cookie, and the CSRF token anything that changes state must send. */
export type StaffHeaders = { cookie: string; 'x-csrf-token': string };

/** Creates a staff account through the admin API and signs it in as a browser would. */
export async function signedInStaff(
  app: TestService,
  account: { username: string; displayName: string; role: string; areas: readonly string[] },
): Promise<StaffHeaders> {
  const created = await app.post(
    '/api/v1/staff',
    { ...account, password: PASSWORD },
    { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  );
  if (created.status !== 201) throw new Error(`creating ${account.username}: ${JSON.stringify(created.body)}`);
  const response = await fetch(`${app.service.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: PASSWORD }),
  });
  const body = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': body.csrfToken };
}
