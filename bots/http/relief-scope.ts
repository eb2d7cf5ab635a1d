import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findWard } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import type { ReliefRequest } from '../../core/db/schema.js';
import { HttpProblem } from './error-handler.js';

/**
 * Every staff relief route lives under /relief/wards/:ward and reads only that ward's rows (an id of another ward is
 * a 404); the one hook below guards the prefix, which is where a per-ward permission of a staff account belongs.
 */
export const WARD_PREFIX = '/relief/wards/:ward';

/** The official 5-digit code of a ward (text: leading zeros matter). */
export const wardCode = z.string().regex(/^\d{5}$/, 'a ward is its 5-digit official code');
export const wardParams = z.strictObject({ ward: wardCode });

/** A preHandler for the ward prefix: the ward must be one of the imported administrative units. */
export function requireKnownWard(db: Database) {
  return async (request: FastifyRequest): Promise<void> => {
    const code = (request.params as { ward?: string }).ward ?? '';
    if (!(await findWard(db, code))) throw new HttpProblem(404, 'unknown_ward', `No ward with the code ${code}.`);
  };
}

/** Tells the requester of a request its new state (on their channel, in their language). */
export type RequesterNotice = (request: ReliefRequest) => Promise<void>;
