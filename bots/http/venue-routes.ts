import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownedBy, wardInScope } from '../../core/db/area-scope.js';
import type { Database } from '../../core/db/database.js';
import { findOrCreatePersonByPhone } from '../../core/db/people-repository.js';
import { type Venue, venues } from '../../core/db/schema.js';
import { findStaffAccount } from '../../core/db/staff-repository.js';
import {
  createVenue,
  findVenue,
  listVenues,
  setVenueStatus,
  updateVenue,
  type VenueChanges,
} from '../../core/db/venues-repository.js';
import { type VenueLinkConfig, venueLinks } from '../../core/domain/venue-links.js';
import type { Translator } from '../../core/i18n/translator.js';
import { posterContent } from '../../core/posters/poster-content.js';
import { posterPdf, posterPng } from '../../core/posters/poster-raster.js';
import { venuePosterSvg } from '../../core/posters/venue-poster.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';
import { requireRowInScope, requireWardInAreas, scopeOf } from './known-ward.js';
import { noteAudit } from './request-audit.js';
import { requireRole, staffOf } from './staff-auth.js';

export interface VenueRouteDeps {
  db: Database;
  translator: Translator;
  links: VenueLinkConfig;
}

const idParams = z.strictObject({ id: z.uuid() });
const wardCode = z.string().regex(/^\d{5}$/, 'the 5-digit official ward code');

const venueBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  category: z.string().trim().min(1).max(50),
  address: z.string().trim().min(1).max(200),
  wardCode,
  ownerPhone: z.string().max(40).optional(),
  // The venue_owner account that sees this venue in the console.
  ownerAccountId: z.uuid().optional(),
});
const venuePatch = venueBody
  .extend({ ownerPhone: z.string().max(40).nullable(), ownerAccountId: z.uuid().nullable() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change something');
const NOT_FOUND = 'No venue with this id.';
// Venue owners read their venues and print posters; registering and changing venues is the officials'.
const officials = { preHandler: requireRole('admin', 'province', 'district', 'ward') };

const POSTER_TYPES = { png: 'image/png', svg: 'image/svg+xml; charset=utf-8', pdf: 'application/pdf' } as const;

/** Venues: staff register, confirm (owner-registered ones), close, and print posters. */
export function venueRoutes(deps: VenueRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['venues'];
  const security = [{ bearer: [] }];
  const withLinks = (venue: Venue) => ({ venue, links: venueLinks(deps.links, venue) });
  // A venue owner sees the venues given to their account, an official those of their areas; any other is a 404.
  const mustExist = async (request: FastifyRequest, id: string) => {
    const venue = await findVenue(db, id);
    const staff = staffOf(request);
    if (!venue) throw new HttpProblem(404, 'not_found', NOT_FOUND);
    if (staff.role !== 'venue_owner') await requireRowInScope(db, request, venue.wardCode, NOT_FOUND);
    else if (venue.ownerAccountId !== staff.actor) throw new HttpProblem(404, 'not_found', NOT_FOUND);
    return venue;
  };
  const visibleTo = (request: FastifyRequest) => {
    const staff = staffOf(request);
    return staff.role === 'venue_owner' ? ownedBy(staff.actor) : wardInScope(venues.wardCode, scopeOf(request));
  };
  // The owner's phone (they answer the daily self-check from it: a person now if we never met them) and account.
  const ownerFields = async (input: {
    ownerPhone?: string | null | undefined;
    ownerAccountId?: string | null | undefined;
  }): Promise<VenueChanges> => {
    const fields: VenueChanges = {};
    if (input.ownerPhone === null) Object.assign(fields, { ownerPhone: null, ownerPersonId: null });
    else if (input.ownerPhone !== undefined) {
      const ownerPhone = normalizeVietnamesePhone(input.ownerPhone);
      if (!ownerPhone) throw new HttpProblem(400, 'invalid_phone', 'ownerPhone is not a Vietnamese mobile number.');
      Object.assign(fields, { ownerPhone, ownerPersonId: (await findOrCreatePersonByPhone(db, ownerPhone)).id });
    }
    if (input.ownerAccountId) {
      const account = await findStaffAccount(db, input.ownerAccountId);
      if (account?.role !== 'venue_owner') {
        throw new HttpProblem(400, 'unknown_owner', 'ownerAccountId names no venue_owner account.');
      }
    }
    if (input.ownerAccountId !== undefined) fields.ownerAccountId = input.ownerAccountId;
    return fields;
  };

  return async (app) => {
    app.post(
      '/venues',
      { ...officials, schema: { summary: 'Register a venue (open at once)', tags, security, body: venueBody } },
      async (request, reply) => {
        const { ownerPhone, ownerAccountId, ...fields } = request.body;
        await requireWardInAreas(db, fields.wardCode, request);
        const owner = await ownerFields({ ownerPhone, ownerAccountId });
        const venue = await createVenue(db, { ...fields, ...owner, status: 'open' });
        noteAudit(request, 'venue_created', venue.id);
        return reply.status(201).send(withLinks(venue));
      },
    );

    app.get(
      '/venues',
      {
        schema: {
          summary: 'Venues of your areas (a venue owner: their own), a page at a time (ordered by id)',
          tags,
          security,
          querystring: z.strictObject({
            ward: wardCode.optional(),
            after: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (request) => {
        const { ward, after, limit } = request.query;
        if (ward) await requireWardInAreas(db, ward, request);
        const visible = ward ? eq(venues.wardCode, ward) : visibleTo(request);
        return { venues: await listVenues(db, visible, after, limit) };
      },
    );

    app.patch(
      '/venues/:id',
      {
        ...officials,
        schema: { summary: "Change a venue's details or owner", tags, security, params: idParams, body: venuePatch },
      },
      async (request) => {
        await mustExist(request, request.params.id);
        const { ownerPhone, ownerAccountId, ...fields } = request.body;
        if (fields.wardCode) await requireWardInAreas(db, fields.wardCode, request);
        const owner = await ownerFields({ ownerPhone, ownerAccountId });
        const venue = await updateVenue(db, request.params.id, { ...fields, ...owner });
        if (!venue) throw new HttpProblem(404, 'not_found', NOT_FOUND);
        return withLinks(venue);
      },
    );

    app.get(
      '/venues/:id',
      { schema: { summary: 'A venue and its check-in links', tags, security, params: idParams } },
      async (request) => withLinks(await mustExist(request, request.params.id)),
    );

    app.post(
      '/venues/:id/confirm',
      { ...officials, schema: { summary: 'Open a venue its owner registered', tags, security, params: idParams } },
      async (request) => {
        await mustExist(request, request.params.id);
        const venue = await setVenueStatus(db, request.params.id, ['pending'], 'open');
        if (!venue) throw new HttpProblem(409, 'wrong_state', 'Only a pending venue can be confirmed.');
        return withLinks(venue);
      },
    );

    app.post(
      '/venues/:id/close',
      {
        ...officials,
        schema: { summary: 'Close a venue: its code no longer checks anyone in', tags, security, params: idParams },
      },
      async (request) => {
        await mustExist(request, request.params.id);
        const venue = await setVenueStatus(db, request.params.id, ['pending', 'open'], 'closed');
        if (!venue) throw new HttpProblem(409, 'wrong_state', 'The venue is already closed.');
        return { venue };
      },
    );

    app.get(
      '/venues/:id/poster.:format',
      {
        schema: {
          summary: 'The A4 check-in poster as PNG, SVG or PDF',
          tags,
          security,
          params: z.strictObject({ id: z.uuid(), format: z.enum(['png', 'svg', 'pdf']) }),
        },
      },
      async (request, reply) => {
        const venue = await mustExist(request, request.params.id);
        if (venue.status === 'closed') throw new HttpProblem(409, 'venue_closed', 'A closed venue has no poster.');
        const content = posterContent(deps.translator, venue, venueLinks(deps.links, venue), deps.links.smsShortcode);
        const svg = venuePosterSvg(content);
        const format = request.params.format;
        const body = format === 'svg' ? svg : format === 'png' ? posterPng(svg) : posterPdf(svg);
        return reply
          .type(POSTER_TYPES[format])
          .header('content-disposition', `inline; filename="venue-${venue.code}.${format}"`)
          .send(body);
      },
    );
  };
}
