import type { FastifyRequest } from 'fastify';
import { cohortWard, coversEveryProvince } from '../../core/db/area-scope.js';
import { wardsWithin } from '../../core/db/area-wards-repository.js';
import type { Database } from '../../core/db/database.js';
import type { CampaignBody } from './campaign-request.js';
import { HttpProblem } from './error-handler.js';
import { requireWardInAreas } from './known-ward.js';
import { staffOf } from './staff-auth.js';

const outOfArea = (message: string) => new HttpProblem(403, 'out_of_area', message);

/**
 * The wards a new campaign's audience lies in, which decides who sees it (core/db/area-scope.ts), checked against
 * the author's areas: named wards and a cohort's ward must be theirs; an uploaded phone list is attributed to every
 * ward they cover; "everyone" is an admin's, or a province officer's whose areas hold every province. Null: an
 * admin's audience bound to no area.
 */
export async function audienceWards(
  db: Database,
  request: FastifyRequest,
  audience: CampaignBody['audience'],
): Promise<string[] | null> {
  const staff = staffOf(request);
  const admin = staff.role === 'admin';
  switch (audience.type) {
    case 'wards': {
      const wards = [...new Set(audience.wards)].sort();
      for (const ward of wards) await requireWardInAreas(db, ward, request);
      return wards;
    }
    case 'cohort': {
      const ward = await cohortWard(db, audience.cohort, audience.ref);
      if (ward) {
        await requireWardInAreas(db, ward, request);
        return [ward];
      }
      if (admin) return null;
      throw outOfArea(`The ${audience.cohort} cohort ${audience.ref} is not inside one of your wards.`);
    }
    case 'everyone':
      if (admin) return null;
      if (staff.role === 'province' && (await coversEveryProvince(db, staff.areas))) {
        return wardsWithin(db, staff.areas);
      }
      throw outOfArea('Only an admin or a province officer may message everyone; name the wards of your areas.');
    default: {
      if (admin) return null;
      const wards = await wardsWithin(db, staff.areas);
      if (wards.length === 0) throw outOfArea('Your areas hold no ward to send to.');
      return wards;
    }
  }
}
