import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { recordAudit } from '../../core/db/audit-repository.js';
import type { Database } from '../../core/db/database.js';
import {
  closeSession,
  findSession,
  findStaffByUsername,
  openSession,
  recordFailedLogin,
} from '../../core/db/staff-repository.js';
import { hashPassword, verifyPassword } from '../../core/domain/passwords.js';
import { countAttemptLastMinute } from '../attempts-last-minute.js';
import { HttpProblem } from './error-handler.js';
import { CSRF_HEADER, cookieOf, principalOf, SESSION_COOKIE } from './staff-auth.js';

const SESSION_TTL_MS = 12 * 3_600_000;
const MAX_FAILED_LOGINS = 5;
const LOCK_MS = 15 * 60_000;
// Per address and minute: enough for a ward office behind one NAT, far too few to guess passwords.
const ATTEMPTS_PER_MINUTE = 20;

export interface AuthDeps {
  db: Database;
  redis: Redis;
  keyPrefix: string;
  /** Cookies get `Secure` when the service is reached over TLS. */
  secureCookies: boolean;
}

/** Staff sign-in for the console: a session cookie (HttpOnly, SameSite=Strict) and a CSRF token for forms. */
export function authRoutes(deps: AuthDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  // Unknown usernames are checked against this too, so the answer time does not tell which usernames exist.
  const decoy = hashPassword('decoy password for unknown usernames');
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${deps.secureCookies ? '; Secure' : ''}`;

  return async (app) => {
    app.post(
      '/auth/login',
      {
        schema: {
          summary: 'Sign in (staff console)',
          tags: ['auth'],
          body: z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
        },
      },
      async (request, reply) => {
        const attempts = await countAttemptLastMinute(
          deps.redis,
          `${deps.keyPrefix}:login:${request.ip}`,
          ATTEMPTS_PER_MINUTE,
        );
        if (attempts > ATTEMPTS_PER_MINUTE) {
          throw new HttpProblem(
            429,
            'too_many_attempts',
            'Too many sign-in attempts from this address; wait a minute.',
          );
        }
        const { username, password } = request.body;
        const account = await findStaffByUsername(db, username);
        const audit = (action: string, details?: Record<string, unknown>) =>
          recordAudit(db, {
            actor: account?.id ?? 'unknown',
            action,
            details: { username, ...details },
            ip: request.ip,
          });
        const passwordOk = await verifyPassword(password, account?.passwordHash ?? (await decoy));
        if (!account || account.disabled) {
          await audit('sign_in_failed', { reason: account ? 'disabled' : 'unknown_user' });
          throw new HttpProblem(401, 'bad_credentials', 'Wrong username or password.');
        }
        if (account.lockedUntil && account.lockedUntil > new Date()) {
          await audit('sign_in_failed', { reason: 'locked' });
          throw new HttpProblem(423, 'locked', 'This account is locked after repeated failures; try again later.');
        }
        if (!passwordOk) {
          await recordFailedLogin(db, account.id, MAX_FAILED_LOGINS, LOCK_MS);
          await audit('sign_in_failed', { reason: 'bad_password' });
          throw new HttpProblem(401, 'bad_credentials', 'Wrong username or password.');
        }
        const session = await openSession(db, account.id, SESSION_TTL_MS);
        await audit('sign_in');
        return reply
          .header('set-cookie', cookie(session.token, SESSION_TTL_MS / 1000))
          .send({ csrfToken: session.csrfToken, csrfHeader: CSRF_HEADER, staff: principalOf(account) });
      },
    );

    app.post('/auth/logout', { schema: { summary: 'Sign out', tags: ['auth'] } }, async (request, reply) => {
      const token = cookieOf(request, SESSION_COOKIE);
      const session = token ? await findSession(db, token) : undefined;
      if (!token || !session) throw new HttpProblem(401, 'unauthorized', 'Not signed in.');
      if (request.headers[CSRF_HEADER] !== session.csrfToken) {
        throw new HttpProblem(403, 'csrf', `Send the ${CSRF_HEADER} header given at sign-in.`);
      }
      await closeSession(db, token);
      await recordAudit(db, { actor: session.account.id, action: 'sign_out', ip: request.ip });
      return reply.header('set-cookie', cookie('', 0)).send({ signedOut: true });
    });

    app.get('/auth/me', { schema: { summary: 'Who is signed in', tags: ['auth'] } }, async (request) => {
      const token = cookieOf(request, SESSION_COOKIE);
      const session = token ? await findSession(db, token) : undefined;
      if (!session) throw new HttpProblem(401, 'unauthorized', 'Not signed in.');
      return { staff: principalOf(session.account), csrfToken: session.csrfToken };
    });
  };
}
