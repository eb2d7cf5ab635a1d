import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { wardLineage } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import type { ReliefRequest } from '../../core/db/schema.js';
import { HttpProblem } from './error-handler.js';
import { coversWard, staffOf } from './staff-auth.js';

/**
 * Every staff relief route lives under /relief/wards/:ward and reads only that ward's rows (an id of another ward is
 * a 404); the one hook below guards the prefix: the ward exists and is in the staff member's areas.
 */
export const WARD_PREFIX = '/relief/wards/:ward';

/** The official 5-digit code of a ward (text: leading zeros matter). */
export const wardCode = z.string().regex(/^\d{5}$/, 'a ward is its 5-digit official code');
export const wardParams = z.strictObject({ ward: wardCode });

/**
 * A preHandler for the ward prefix: the ward must be one of the imported administrative units, and in the areas of
 * the staff member asking (their ward, district or province).
 */
export function requireKnownWard(db: Database) {
  return async (request: FastifyRequest): Promise<void> => {
    const code = (request.params as { ward?: string }).ward ?? '';
    const lineage = await wardLineage(db, code);
    if (!lineage) throw new HttpProblem(404, 'unknown_ward', `No ward with the code ${code}.`);
    if (!coversWard(staffOf(request), lineage)) {
      throw new HttpProblem(403, 'out_of_area', `Ward ${code} is outside your areas.`);
    }
  };
}

/** Tells the requester of a request its new state (on their channel, in their language). */
export type RequesterNotice = (request: ReliefRequest) => Promise<void>;
