import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import {
  findMonitoringCase,
  listChecks,
  listMonitoringCases,
  startMonitoring,
} from '../../core/db/monitoring-repository.js';
import { findOrCreatePersonByPhone, findPersonById } from '../../core/db/people-repository.js';
import { MONITORING_KINDS, MONITORING_STATUSES } from '../../core/db/schema.js';
import { vietnamDate } from '../../core/domain/vietnam-date.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';
import { requireKnownWard, requireRowInScope, scopedWard } from './known-ward.js';

const NOT_FOUND = 'No monitoring case with this id.';
const wardCode = z.string().regex(/^\d{5}$/, 'a 5-digit ward code');
const officer = z.string().trim().min(1).max(100);
const startBody = z
  .strictObject({
    personId: z.uuid().optional(),
    phone: z.string().max(40).optional(),
    kind: z.enum(MONITORING_KINDS),
    wardCode,
    /** Vietnam dates; the first daily question goes out on startDate (today when omitted). */
    startDate: z.iso.date().optional(),
    endDate: z.iso.date(),
    createdBy: officer,
  })
  .refine(
    (body) => (body.personId === undefined) !== (body.phone === undefined),
    'give exactly one of personId, phone',
  );
const idParams = z.strictObject({ id: z.uuid() });

export interface MonitoringRouteDeps {
  db: Database;
  now(): Date;
  /** Ends a case and tells the person (closing message); undefined when it was not active. */
  closeCase(caseId: string, endedBy: string): Promise<unknown>;
}

/** Staff put people under home monitoring, read their daily readings, and end it. */
export function monitoringRoutes(deps: MonitoringRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['monitoring'];
  const security = [{ bearer: [] }];
  // A case outside the caller's areas is answered like a missing one.
  const mustExist = async (request: FastifyRequest, id: string) => {
    const found = await findMonitoringCase(db, id);
    if (!found) throw new HttpProblem(404, 'not_found', NOT_FOUND);
    await requireRowInScope(db, request, found.wardCode, NOT_FOUND);
    return found;
  };
  return async (app) => {
    app.post(
      '/monitoring',
      { schema: { summary: 'Put a person under daily home monitoring', tags, security, body: startBody } },
      async (request, reply) => {
        const body = request.body;
        const today = vietnamDate(deps.now());
        const startDate = body.startDate ?? today;
        if (body.endDate < startDate) throw new HttpProblem(400, 'invalid_dates', 'endDate is before startDate.');
        if (body.endDate < today) throw new HttpProblem(400, 'invalid_dates', 'endDate is already past.');
        await requireKnownWard(db, body.wardCode, request);
        let personId = body.personId;
        if (personId !== undefined) {
          if (!(await findPersonById(db, personId))) throw new HttpProblem(404, 'not_found', 'No person with this id.');
        } else {
          const phone = normalizeVietnamesePhone(body.phone ?? '');
          if (!phone) throw new HttpProblem(400, 'invalid_phone', 'Not a Vietnamese mobile number.');
          personId = (await findOrCreatePersonByPhone(db, phone)).id;
        }
        const started = await startMonitoring(db, {
          personId,
          kind: body.kind,
          wardCode: body.wardCode,
          startDate,
          endDate: body.endDate,
          createdBy: body.createdBy,
        });
        if (!started) throw new HttpProblem(409, 'already_monitored', 'This person is already under monitoring.');
        return reply.status(201).send({ case: started });
      },
    );

    app.get(
      '/monitoring',
      {
        schema: {
          summary: 'Monitoring cases, newest first',
          tags,
          security,
          querystring: z.strictObject({
            ward: wardCode.optional(),
            status: z.enum(MONITORING_STATUSES).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (request) => {
        const { status, limit } = request.query;
        const ward = await scopedWard(db, request, request.query.ward);
        return {
          cases: await listMonitoringCases(
            db,
            { ...(ward ? { wardCode: ward } : {}), ...(status ? { status } : {}) },
            limit,
          ),
        };
      },
    );

    app.get(
      '/monitoring/:id/readings',
      { schema: { summary: "A case's daily checks and readings, oldest first", tags, security, params: idParams } },
      async (request) => {
        const found = await mustExist(request, request.params.id);
        return { case: found, checks: await listChecks(db, found.id) };
      },
    );

    app.post(
      '/monitoring/:id/end',
      {
        schema: {
          summary: 'End monitoring now; the person gets the closing message',
          tags,
          security,
          params: idParams,
          body: z.strictObject({ endedBy: officer }),
        },
      },
      async (request) => {
        await mustExist(request, request.params.id);
        const ended = await deps.closeCase(request.params.id, request.body.endedBy);
        if (!ended) throw new HttpProblem(409, 'wrong_state', 'This monitoring case has already ended.');
        return { case: ended };
      },
    );
  };
}
