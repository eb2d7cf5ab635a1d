import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAdminUnit } from '../../core/db/admin-units-repository.js';
import { wardsWithin } from '../../core/db/area-wards-repository.js';
import type { Database } from '../../core/db/database.js';
import type { WardScope } from '../../core/db/monitoring-board-repository.js';
import { HttpProblem } from './error-handler.js';
import { requireKnownWard } from './known-ward.js';
import { staffOf } from './staff-auth.js';

/** `?ward=` or `?district=` (not both) of a console read that spans the caller's areas. */
export const areaQuery = {
  ward: z
    .string()
    .regex(/^\d{5}$/, 'a 5-digit ward code')
    .optional(),
  district: z
    .string()
    .regex(/^\d{3}$/, 'a 3-digit district code')
    .optional(),
};

/**
 * The wards a console read covers: the ward or district named (which must lie in the caller's areas), or else all of
 * the caller's areas — every ward for an admin (undefined), the wards of their wards, districts and provinces for
 * anyone else.
 */
export async function scopedWards(
  db: Database,
  request: FastifyRequest,
  query: { ward?: string | undefined; district?: string | undefined },
): Promise<WardScope> {
  const staff = staffOf(request);
  if (query.ward && query.district) {
    throw new HttpProblem(400, 'ward_or_district', 'Name a ward or a district, not both.');
  }
  if (query.ward) {
    await requireKnownWard(db, query.ward, request);
    return [query.ward];
  }
  if (query.district) {
    const district = await findAdminUnit(db, query.district);
    if (district?.level !== 'district') {
      throw new HttpProblem(400, 'unknown_district', `No district has the code ${query.district}.`);
    }
    const covered =
      staff.role === 'admin' || [district.code, district.parentCode].some((code) => code && staff.areas.includes(code));
    if (!covered) throw new HttpProblem(403, 'out_of_area', `District ${query.district} is outside your areas.`);
    return wardsWithin(db, [district.code]);
  }
  return staff.role === 'admin' ? undefined : wardsWithin(db, staff.areas);
}
