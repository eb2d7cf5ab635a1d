import type { FastifyRequest } from 'fastify';
import { wardLineage } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import { HttpProblem } from './error-handler.js';
import { coversWard, staffOf } from './staff-auth.js';

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
