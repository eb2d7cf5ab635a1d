import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { wardLineage } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import { findOrCreatePersonByPhone } from '../../core/db/people-repository.js';
import { updateVenueDetails, type VenueDetails } from '../../core/db/venue-edit-repository.js';
import { findVenue } from '../../core/db/venues-repository.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';
import { requireKnownWard } from './known-ward.js';
import { auditRequest } from './request-audit.js';
import { coversWard, requireRole, staffOf } from './staff-auth.js';

const NOT_FOUND = 'No venue with this id.';

const venuePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    category: z.string().trim().min(1).max(50),
    address: z.string().trim().min(1).max(200),
    wardCode: z.string().regex(/^\d{5}$/, 'the 5-digit official ward code'),
    // null: the venue no longer has an owner's phone (nobody gets its daily self-check).
    ownerPhone: z.string().max(40).nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');

/**
 * A venue of another area is answered like a missing one, so an id reveals nothing beyond the wards an official
 * serves; an admin edits any.
 */
async function requireVenueInScope(db: Database, request: FastifyRequest, wardCode: string): Promise<void> {
  const staff = staffOf(request);
  if (staff.role === 'admin') return;
  const lineage = await wardLineage(db, wardCode);
  if (!lineage || !coversWard(staff, lineage)) throw new HttpProblem(404, 'not_found', NOT_FOUND);
}

/** Officials correct a venue's name, category, address, ward or owner's phone; each change is audited. */
export function venueEditRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  const { db } = deps;
  return async (app) => {
    app.patch(
      '/venues/:id',
      {
        preHandler: requireRole('admin', 'province', 'district', 'ward'),
        schema: {
          summary: "Change a venue's details (a venue of your areas, moved only to a ward of your areas)",
          tags: ['venues'],
          security: [{ bearer: [] }],
          params: z.strictObject({ id: z.uuid() }),
          body: venuePatch,
        },
      },
      async (request) => {
        const venue = await findVenue(db, request.params.id);
        if (!venue) throw new HttpProblem(404, 'not_found', NOT_FOUND);
        await requireVenueInScope(db, request, venue.wardCode);
        const { ownerPhone: rawPhone, ...fields } = request.body;
        // An admin may work ahead of the imported ward list (as when registering); an official moves it within theirs.
        if (fields.wardCode && staffOf(request).role !== 'admin') await requireKnownWard(db, fields.wardCode, request);
        const details: VenueDetails = { ...fields };
        if (rawPhone === null) Object.assign(details, { ownerPhone: null, ownerPersonId: null });
        else if (rawPhone !== undefined) {
          const ownerPhone = normalizeVietnamesePhone(rawPhone);
          if (!ownerPhone) throw new HttpProblem(400, 'invalid_phone', 'ownerPhone is not a Vietnamese mobile number.');
          // The owner answers the daily self-check from this phone: a person now if we never met them.
          Object.assign(details, { ownerPhone, ownerPersonId: (await findOrCreatePersonByPhone(db, ownerPhone)).id });
        }
        const updated = await updateVenueDetails(db, venue.id, details);
        if (!updated) throw new HttpProblem(404, 'not_found', NOT_FOUND);
        // Field names only: the values may be a phone number.
        await auditRequest(db, request, 'venue_updated', venue.id, { fields: Object.keys(request.body) });
        return { venue: updated };
      },
    );
  };
}
