import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../core/db/database.js';
import type { StaffAccount } from '../../core/db/schema.js';
import { findAccountByApiToken, findSession, type StaffRole } from '../../core/db/staff-repository.js';
import { HttpProblem } from './error-handler.js';

/** Who is calling the staff API, and what they may see. */
export interface StaffPrincipal {
  /** The account id, or "admin-token" for the deployment's ADMIN_API_TOKEN. */
  actor: string;
  name: string;
  role: StaffRole;
  /** Administrative unit codes in scope; empty for an admin, who sees everything. */
  areas: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffPrincipal;
  }
}

export const SESSION_COOKIE = 'staff_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Hashing first gives equal-length buffers, so the comparison time does not reveal the token's length either.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function principalOf(account: StaffAccount): StaffPrincipal {
  return { actor: account.id, name: account.username, role: account.role, areas: account.areas };
}

/** The value of one cookie of the request, if sent. */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(request.headers.cookie ?? '');
  return match?.[1];
}

/**
 * The staff API's gate (onRequest, before the body is parsed, so a stranger learns nothing, not even a schema
 * error): an integration's API token or the break-glass ADMIN_API_TOKEN as a bearer, or a signed-in browser's
 * session cookie — which must also send its CSRF token on anything that changes state.
 */
export function authenticateStaff(deps: { db: Database; adminToken: string | undefined }) {
  const adminDigest = deps.adminToken ? digest(deps.adminToken) : undefined;
  return async (request: FastifyRequest): Promise<void> => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      if (adminDigest && timingSafeEqual(digest(bearer), adminDigest)) {
        request.staff = { actor: 'admin-token', name: 'admin-token', role: 'admin', areas: [] };
        return;
      }
      const account = await findAccountByApiToken(deps.db, bearer);
      if (!account) throw new HttpProblem(401, 'unauthorized', 'This token is unknown or revoked.');
      request.staff = principalOf(account);
      return;
    }
    const cookie = cookieOf(request, SESSION_COOKIE);
    const session = cookie ? await findSession(deps.db, cookie) : undefined;
    if (!session) {
      throw new HttpProblem(401, 'unauthorized', 'Sign in at /auth/login, or send Authorization: Bearer <token>.');
    }
    const csrf = request.headers[CSRF_HEADER];
    if (!SAFE_METHODS.has(request.method) && (typeof csrf !== 'string' || !sameText(csrf, session.csrfToken))) {
      throw new HttpProblem(403, 'csrf', `Send the ${CSRF_HEADER} header given at sign-in.`);
    }
    request.staff = principalOf(session.account);
  };
}

function sameText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** A preHandler that admits only these roles (after authenticateStaff). */
export function requireRole(...roles: readonly StaffRole[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.staff || !roles.includes(request.staff.role)) {
      throw new HttpProblem(403, 'forbidden', `Only ${roles.join(', ')} accounts may do this.`);
    }
  };
}

/** The staff member behind a request that passed authenticateStaff. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new Error('staffOf called outside the staff API');
  return request.staff;
}

/**
 * Whether a staff member may act on a ward: an admin anywhere, an official when their areas name the ward, its
 * district or its province. A venue owner acts on no ward, only on the venues given to their account.
 */
export function coversWard(
  staff: StaffPrincipal,
  lineage: { ward: string; district: string; province: string },
): boolean {
  if (staff.role === 'admin') return true;
  if (staff.role === 'venue_owner') return false;
  return [lineage.ward, lineage.district, lineage.province].some((code) => staff.areas.includes(code));
}

/** The areas a staff member's lists are cut to (core/db/area-scope.ts): everything for an admin, none for an owner. */
export function areaScopeOf(staff: StaffPrincipal): readonly string[] | undefined {
  if (staff.role === 'admin') return undefined;
  return staff.role === 'venue_owner' ? [] : staff.areas;
}

/**
 * Venue owners use the venue routes only (their own venues, filtered there); every other staff route refuses them
 * outright, so a resource that forgets them still leaks nothing.
 */
export async function confineVenueOwners(request: FastifyRequest): Promise<void> {
  if (request.staff?.role !== 'venue_owner') return;
  if (!/^\/api\/v1\/venues(\/|$)/.test(request.routeOptions.url ?? '')) {
    throw new HttpProblem(403, 'forbidden', 'A venue owner account may only read its own venues.');
  }
}
