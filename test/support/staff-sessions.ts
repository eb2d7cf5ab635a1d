import type { StaffRole } from '../../core/db/staff-repository.js';
import { TEST_ADMIN_TOKEN, type TestService } from './test-service.js';

export const ADMIN_BEARER = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PASSWORD = 'correct horse battery';

/** A signed-in browser of a staff account: its cookie header and its CSRF token. */
export interface StaffSession {
  cookie: string;
  csrfToken: string;
}

/** Creates an account (as the admin token) and signs it in, as the console's browser would. */
export async function signedInStaff(
  app: TestService,
  account: { username: string; role: StaffRole; areas: string[] },
): Promise<StaffSession> {
  const created = await app.post(
    '/api/v1/staff',
    { displayName: 'Cán bộ', password: PASSWORD, ...account },
    ADMIN_BEARER,
  );
  if (created.status !== 201)
    throw new Error(`creating ${account.username}: ${created.status} ${JSON.stringify(created.body)}`);
  const response = await fetch(`${app.service.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: PASSWORD }),
  });
  const body = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: body.csrfToken };
}

/** The headers a signed-in browser sends on a state-changing API call: its cookie and its CSRF token. */
export function sessionHeaders(session: StaffSession): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}
