import { randomBytes } from 'node:crypto';
import { TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that assertions inspect.
type Json = any;

export interface Answer {
  status: number;
  body: Json;
  text: string;
}

/** Calls the staff API with a bearer token (an account's API token: no session, so no CSRF header needed). */
export type StaffCall = (token: string, method: string, path: string, body?: unknown) => Promise<Answer>;

export const ADMIN = TEST_ADMIN_TOKEN;

export function staffCall(app: TestService): StaffCall {
  return async (token, method, path, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${app.service.url}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Json;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  };
}

/** An account of this role and areas (created by the admin) and an API token acting as it. */
export async function staffToken(
  call: StaffCall,
  role: string,
  areas: readonly string[],
): Promise<{ id: string; token: string }> {
  const username = `${role}.${randomBytes(3).toString('hex')}`;
  const created = await call(ADMIN, 'POST', '/staff', {
    username,
    displayName: username,
    password: 'correct horse battery',
    role,
    areas,
  });
  if (created.status !== 201) throw new Error(`staff account: ${created.text}`);
  const issued = await call(ADMIN, 'POST', `/staff/${created.body.account.id}/tokens`, { name: 'test' });
  return { id: created.body.account.id, token: issued.body.token };
}

/** A Vietnamese mobile number nobody else in the test has. */
export function freshPhone(): string {
  return `098${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
}
