import { findWard } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import { HttpProblem } from './error-handler.js';

/** Refuses a ward code the administrative-units table does not hold: alerts for it would reach nobody. */
export async function requireKnownWard(db: Database, wardCode: string): Promise<void> {
  if (!(await findWard(db, wardCode))) {
    throw new HttpProblem(400, 'unknown_ward', `No ward has the code ${wardCode}; see the administrative units.`);
  }
}
