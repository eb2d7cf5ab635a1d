import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { findOrCreatePersonByPhone } from '../../core/db/people-repository.js';
import type { Venue } from '../../core/db/schema.js';
import { createVenue, findVenue, listVenues, setVenueStatus } from '../../core/db/venues-repository.js';
import { type VenueLinkConfig, venueLinks } from '../../core/domain/venue-links.js';
import type { Translator } from '../../core/i18n/translator.js';
import { posterContent } from '../../core/posters/poster-content.js';
import { posterPdf, posterPng } from '../../core/posters/poster-raster.js';
import { venuePosterSvg } from '../../core/posters/venue-poster.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';

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
});

const POSTER_TYPES = { png: 'image/png', svg: 'image/svg+xml; charset=utf-8', pdf: 'application/pdf' } as const;

/** Venues: staff register, confirm (owner-registered ones), close, and print posters. */
export function venueRoutes(deps: VenueRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['venues'];
  const security = [{ bearer: [] }];
  const withLinks = (venue: Venue) => ({ venue, links: venueLinks(deps.links, venue) });
  const mustExist = async (id: string) => {
    const venue = await findVenue(db, id);
    if (!venue) throw new HttpProblem(404, 'not_found', 'No venue with this id.');
    return venue;
  };

  return async (app) => {
    app.post(
      '/venues',
      { schema: { summary: 'Register a venue (open at once)', tags, security, body: venueBody } },
      async (request, reply) => {
        const { ownerPhone: rawPhone, ...fields } = request.body;
        const ownerPhone = rawPhone === undefined ? undefined : normalizeVietnamesePhone(rawPhone);
        if (rawPhone !== undefined && !ownerPhone) {
          throw new HttpProblem(400, 'invalid_phone', 'ownerPhone is not a Vietnamese mobile number.');
        }
        // The owner answers the daily self-check from this phone: they become a person now if we never met them.
        const ownerPersonId = ownerPhone ? (await findOrCreatePersonByPhone(db, ownerPhone)).id : undefined;
        const venue = await createVenue(db, { ...fields, ownerPhone, ownerPersonId, status: 'open' });
        return reply.status(201).send(withLinks(venue));
      },
    );

    app.get(
      '/venues',
      {
        schema: {
          summary: 'Venues, a page at a time (ordered by id)',
          tags,
          security,
          querystring: z.strictObject({
            after: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (request) => ({ venues: await listVenues(db, request.query.after, request.query.limit) }),
    );

    app.get(
      '/venues/:id',
      { schema: { summary: 'A venue and its check-in links', tags, security, params: idParams } },
      async (request) => withLinks(await mustExist(request.params.id)),
    );

    app.post(
      '/venues/:id/confirm',
      { schema: { summary: 'Open a venue its owner registered', tags, security, params: idParams } },
      async (request) => {
        await mustExist(request.params.id);
        const venue = await setVenueStatus(db, request.params.id, ['pending'], 'open');
        if (!venue) throw new HttpProblem(409, 'wrong_state', 'Only a pending venue can be confirmed.');
        return withLinks(venue);
      },
    );

    app.post(
      '/venues/:id/close',
      { schema: { summary: 'Close a venue: its code no longer checks anyone in', tags, security, params: idParams } },
      async (request) => {
        await mustExist(request.params.id);
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
        const venue = await mustExist(request.params.id);
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
