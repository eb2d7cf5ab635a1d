import { inArray, TransactionRollbackError } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createCampaign } from '../../core/db/campaigns-repository.js';
import {
  addCaseVisit,
  createCase,
  findCase,
  listCases,
  listCaseVisits,
  markCaseAlerted,
} from '../../core/db/cases-repository.js';
import type { Database } from '../../core/db/database.js';
import { findExposures } from '../../core/db/exposure-query.js';
import { findOrCreatePersonByPhone, findPersonById } from '../../core/db/people-repository.js';
import { CASE_STATUSES, type Case, people, venues } from '../../core/db/schema.js';
import { findVenue, findVenueByCode } from '../../core/db/venues-repository.js';
import type { ExposureRules } from '../../core/domain/checkin-settings.js';
import type { Translator } from '../../core/i18n/translator.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import type { QueueSet } from '../../workers/queues.js';
import { HttpProblem } from './error-handler.js';
import { requireRowInScope, requireWardInAreas, scopedWard, scopeOf } from './known-ward.js';
import { noteAudit } from './request-audit.js';

export interface CaseRouteDeps {
  db: Database;
  queues: QueueSet;
  translator: Translator;
  rules: ExposureRules;
  /** EXPOSURE_AUTO_SEND: alert the exposed people as soon as a case is registered. */
  autoSend: boolean;
}

const idParams = z.strictObject({ id: z.uuid() });
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const official = z.string().trim().min(1).max(100);
const wardCode = z.string().regex(/^\d{5}$/, 'the 5-digit official ward code');
const NOT_FOUND = 'No case with this id.';

const visitBody = z
  .strictObject({
    venueId: z.uuid().optional(),
    venueCode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    startedAt: instant,
    endedAt: instant,
  })
  .refine((visit) => (visit.venueId === undefined) !== (visit.venueCode === undefined), 'give venueId or venueCode')
  .refine((visit) => visit.endedAt > visit.startedAt, 'endedAt must be after startedAt')
  .refine((visit) => visit.endedAt.getTime() - visit.startedAt.getTime() <= 24 * 3600_000, 'a visit lasts ≤ 24 h');

const caseBody = z
  .strictObject({
    phone: z.string().max(40).optional(),
    personId: z.uuid().optional(),
    infectiousFrom: instant,
    infectiousTo: instant,
    createdBy: official,
    // The ward whose officers handle the case (required of everyone but an admin).
    wardCode: wardCode.optional(),
    visits: z.array(visitBody).max(200).default([]),
  })
  .refine((body) => (body.phone === undefined) !== (body.personId === undefined), 'give phone or personId')
  .refine((body) => body.infectiousTo > body.infectiousFrom, 'infectiousTo must be after infectiousFrom');

/** Confirmed cases: register, add visits, list the exposed check-ins, approve the alert. */
export function caseRoutes(deps: CaseRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['cases'];
  const security = [{ bearer: [] }];
  // A case outside the caller's areas is answered like a missing one.
  const mustExist = async (request: FastifyRequest, id: string) => {
    const found = await findCase(db, id);
    if (!found) throw new HttpProblem(404, 'not_found', NOT_FOUND);
    await requireRowInScope(db, request, found.wardCode, NOT_FOUND);
    return found;
  };
  const venueOf = async (visit: { venueId?: string | undefined; venueCode?: string | undefined }) => {
    const venue = visit.venueId ? await findVenue(db, visit.venueId) : await findVenueByCode(db, visit.venueCode ?? '');
    if (!venue) throw new HttpProblem(400, 'unknown_venue', `No venue ${visit.venueId ?? visit.venueCode}.`);
    return venue;
  };
  const alreadyAlerted = () => new HttpProblem(409, 'already_alerted', 'This case has already been alerted.');
  const rulesOf = (found: Case): ExposureRules => ({ bufferMin: found.bufferMin, minOverlapMin: found.minOverlapMin });

  /**
   * Creates the exposure campaign and marks the case alerted in one transaction: of two approvals at once, the second
   * finds the case no longer open and its campaign is rolled back. The alert names the venue and time, never the case.
   */
  const sendAlert = async (found: Case, approvedBy: string) => {
    const result = await db.transaction(async (tx) => {
      const campaign = await createCampaign(
        tx,
        {
          kind: 'exposure',
          title: deps.translator.t('vi', 'exposure:title', { ref: found.id.slice(0, 8) }),
          message: { key: 'exposure:alert' },
          audience: { type: 'cohort', cohort: 'exposures', ref: found.id },
          wardCodes: found.wardCode ? [found.wardCode] : null,
          channelPolicy: ['zalo', 'telegram', 'sms'],
          urgent: true,
          requiresApproval: false,
          createdBy: approvedBy,
        },
        [],
      );
      const alerted = await markCaseAlerted(tx, found.id, campaign.id);
      if (!alerted) tx.rollback();
      return { case: alerted, campaign };
    });
    await deps.queues.enqueueFanout(result.campaign.id);
    return result;
  };

  return async (app) => {
    app.get(
      '/cases',
      {
        schema: {
          summary: 'Cases of your areas, newest first',
          tags,
          security,
          querystring: z.strictObject({
            ward: wardCode.optional(),
            status: z.enum(CASE_STATUSES).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (request) => {
        const { ward, status, limit } = request.query;
        if (ward) await requireWardInAreas(db, ward, request);
        return { cases: await listCases(db, { scope: scopeOf(request), wardCode: ward, status }, limit) };
      },
    );

    app.post(
      '/cases',
      {
        schema: { summary: 'Register a confirmed case (and visits staff learned of)', tags, security, body: caseBody },
      },
      async (request, reply) => {
        const body = request.body;
        const ward = await scopedWard(db, request, body.wardCode);
        let personId = body.personId;
        if (body.phone !== undefined) {
          const phone = normalizeVietnamesePhone(body.phone);
          if (!phone) throw new HttpProblem(400, 'invalid_phone', 'phone is not a Vietnamese mobile number.');
          personId = (await findOrCreatePersonByPhone(db, phone)).id;
        } else if (!(await findPersonById(db, personId ?? ''))) {
          throw new HttpProblem(400, 'unknown_person', 'No person with this personId.');
        }
        const visits = await Promise.all(body.visits.map(async (visit) => ({ visit, venue: await venueOf(visit) })));
        const created = await db.transaction(async (tx) => {
          const row = await createCase(tx, {
            personId: personId ?? '',
            wardCode: ward,
            infectiousFrom: body.infectiousFrom,
            infectiousTo: body.infectiousTo,
            createdBy: body.createdBy,
            ...deps.rules,
          });
          for (const { visit, venue } of visits) {
            await addCaseVisit(tx, { caseId: row.id, venueId: venue.id, ...visit, createdBy: body.createdBy });
          }
          return row;
        });
        const exposures = await findExposures(db, created.id, rulesOf(created));
        noteAudit(request, 'case_registered', created.id, { visits: visits.length, exposures: exposures.length });
        if (deps.autoSend && exposures.length > 0) {
          return reply
            .status(201)
            .send({ ...(await sendAlert(created, 'auto-send')), exposureCount: exposures.length });
        }
        return reply.status(201).send({ case: created, exposureCount: exposures.length });
      },
    );

    app.post(
      '/cases/:id/visits',
      {
        schema: {
          summary: 'Add a visit the case told staff about',
          tags,
          security,
          params: idParams,
          body: visitBody.and(z.strictObject({ createdBy: official })),
        },
      },
      async (request, reply) => {
        const found = await mustExist(request, request.params.id);
        const venue = await venueOf(request.body);
        const visit = await addCaseVisit(db, {
          caseId: found.id,
          venueId: venue.id,
          startedAt: request.body.startedAt,
          endedAt: request.body.endedAt,
          createdBy: request.body.createdBy,
        });
        return reply.status(201).send({ visit });
      },
    );

    app.get(
      '/cases/:id/exposures',
      {
        schema: {
          summary: 'The check-ins that overlap the case, with overlap minutes',
          tags,
          security,
          params: idParams,
        },
      },
      async (request) => {
        const found = await mustExist(request, request.params.id);
        const exposures = await findExposures(db, found.id, rulesOf(found));
        const personIds = [...new Set(exposures.map((row) => row.personId))];
        const venueIds = [...new Set(exposures.map((row) => row.venueId))];
        const phones = new Map(
          personIds.length === 0
            ? []
            : (
                await db
                  .select({ id: people.id, phone: people.phone })
                  .from(people)
                  .where(inArray(people.id, personIds))
              ).map((row) => [row.id, row.phone]),
        );
        const venueRows =
          venueIds.length === 0 ? [] : await db.select().from(venues).where(inArray(venues.id, venueIds));
        const venueById = new Map(venueRows.map((venue) => [venue.id, venue]));
        return {
          case: found,
          visits: await listCaseVisits(db, found.id),
          people: personIds.length,
          exposures: exposures.map((row) => ({
            personId: row.personId,
            phone: phones.get(row.personId) ?? null,
            venue: { id: row.venueId, code: venueById.get(row.venueId)?.code, name: venueById.get(row.venueId)?.name },
            checkedInAt: row.checkedInAt,
            endsAt: row.endsAt,
            overlapMinutes: row.overlapMinutes,
          })),
        };
      },
    );

    app.post(
      '/cases/:id/approve',
      {
        schema: {
          summary: 'Approve the exposure alert: one urgent message to each exposed person',
          tags,
          security,
          params: idParams,
          body: z.strictObject({ approvedBy: official }),
        },
      },
      async (request, reply) => {
        const found = await mustExist(request, request.params.id);
        if (found.status !== 'open') throw alreadyAlerted();
        try {
          const alert = await sendAlert(found, request.body.approvedBy);
          noteAudit(request, 'exposure_alert_approved', found.id, { campaignId: alert.campaign.id });
          return reply.status(201).send(alert);
        } catch (error) {
          if (error instanceof TransactionRollbackError) throw alreadyAlerted();
          throw error;
        }
      },
    );
  };
}
