import type { FastifyRequest } from 'fastify';
import { wardLineage } from '../../core/db/admin-units-repository.js';
import type { AreaScope } from '../../core/db/area-scope.js';
import type { Database } from '../../core/db/database.js';
import { HttpProblem } from './error-handler.js';
import { areaScopeOf, coversWard, staffOf } from './staff-auth.js';

/**
 * Refuses a ward code the administrative-units table does not hold (alerts for it would reach nobody), and a ward
 * outside the areas of the staff member asking.
 */
export async function requireKnownWard(db: Database, wardCode: string, request: FastifyRequest): Promise<void> {
  const lineage = await wardLineage(db, wardCode);
  if (!lineage) {
    throw new HttpProblem(400, 'unknown_ward', `No ward has the code ${wardCode}; see the administrative units.`);
  }
  if (!coversWard(staffOf(request), lineage)) {
    throw new HttpProblem(403, 'out_of_area', `Ward ${wardCode} is outside your areas.`);
  }
}

/**
 * The ward a list is read for: any (or none, meaning all) for an admin; for everyone else a ward they must name, in
 * their areas, so nobody reads beyond the wards they serve.
 */
export async function scopedWard(
  db: Database,
  request: FastifyRequest,
  ward: string | undefined,
): Promise<string | undefined> {
  if (ward) await requireKnownWard(db, ward, request);
  else if (staffOf(request).role !== 'admin') {
    throw new HttpProblem(400, 'ward_required', 'Name a ward of your areas (?ward=<5-digit code>).');
  }
  return ward;
}

/**
 * A row read or changed by id must lie in the caller's areas. One of another area is answered like a missing one
 * (404 with the same message), so an id reveals nothing beyond the wards a staff member serves; a row bound to no
 * ward is an admin's only.
 */
export async function requireRowInScope(
  db: Database,
  request: FastifyRequest,
  wardCode: string | null | undefined,
  notFound: string,
): Promise<void> {
  const staff = staffOf(request);
  if (staff.role === 'admin') return;
  const lineage = wardCode ? await wardLineage(db, wardCode) : undefined;
  if (!lineage || !coversWard(staff, lineage)) throw new HttpProblem(404, 'not_found', notFound);
}

/** The areas this request's lists are cut to (undefined: an admin, everything). */
export function scopeOf(request: FastifyRequest): AreaScope {
  return areaScopeOf(staffOf(request));
}

/**
 * The ward a new or changed row is put in: anywhere for an admin (who may work ahead of the imported ward list),
 * a known ward of their areas for anyone else.
 */
export async function requireWardInAreas(db: Database, wardCode: string, request: FastifyRequest): Promise<void> {
  if (staffOf(request).role !== 'admin') await requireKnownWard(db, wardCode, request);
}
