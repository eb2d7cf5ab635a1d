import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { resolveHousehold } from '../../core/db/relief-households-repository.js';
import {
  attachedRequests,
  coverageGaps,
  decideDuplicate,
  duplicateReviews,
  roundTotals,
} from '../../core/db/relief-reports-repository.js';
import { listRoundRequests } from '../../core/db/relief-requests-repository.js';
import { closeRound, findRound, listRounds, openRound } from '../../core/db/relief-rounds-repository.js';
import { createDepot, findDepot, listDepotsWithStock, receiveDonation } from '../../core/db/relief-stock-repository.js';
import { RELIEF_ITEMS, RELIEF_REQUEST_STATUSES } from '../../core/db/schema.js';
import { readHouseholdList } from '../../core/domain/relief-household-list.js';
import { csvUploadOptions } from './csv-upload.js';
import { HttpProblem } from './error-handler.js';
import { reliefExportRoutes } from './relief-export-routes.js';
import { wardParams } from './relief-scope.js';

const official = z.string().trim().min(1).max(100);
const roundParams = wardParams.extend({ roundId: z.uuid() });
const tags = ['relief'];
const security = [{ bearer: [] }];

/** A ward's rounds, depots and stock, household lists, and its reports (queue, coverage, duplicates). */
export function reliefWardRoutes(deps: {
  db: Database;
  /** The largest household list (CSV) a ward may upload, in bytes. */
  csvMaxBytes: number;
}): FastifyPluginAsyncZod {
  const { db } = deps;
  const roundOf = async (ward: string, id: string) => {
    const round = await findRound(db, ward, id);
    if (!round) throw new HttpProblem(404, 'not_found', 'No round with this id in this ward.');
    return round;
  };

  return async (app) => {
    await app.register(reliefExportRoutes({ db, roundOf }));

    app.get(
      '/rounds',
      { schema: { summary: "The ward's rounds", tags, security, params: wardParams } },
      async (req) => ({
        rounds: await listRounds(db, req.params.ward),
      }),
    );

    app.post(
      '/rounds',
      {
        schema: {
          summary: 'Open a distribution round (requests join the open round)',
          tags,
          security,
          params: wardParams,
          body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const round = await openRound(db, request.params.ward, request.body.name);
        if (!round) throw new HttpProblem(409, 'round_open', 'The ward already has an open round; close it first.');
        return reply.status(201).send({ round });
      },
    );

    app.post(
      '/rounds/:roundId/close',
      { schema: { summary: 'Close a round', tags, security, params: roundParams } },
      async (request) => {
        await roundOf(request.params.ward, request.params.roundId);
        const round = await closeRound(db, request.params.ward, request.params.roundId);
        if (!round) throw new HttpProblem(409, 'wrong_state', 'The round is already closed.');
        return { round };
      },
    );

    app.get(
      '/rounds/:roundId/requests',
      {
        schema: {
          summary: "A round's requests with their households, oldest first, with totals",
          tags,
          security,
          params: roundParams,
          querystring: z.strictObject({ status: z.enum(RELIEF_REQUEST_STATUSES).optional() }),
        },
      },
      async (request) => {
        const round = await roundOf(request.params.ward, request.params.roundId);
        const statuses = request.query.status ? [request.query.status] : undefined;
        return {
          round,
          totals: await roundTotals(db, round.id),
          requests: await listRoundRequests(db, round.id, statuses),
        };
      },
    );

    app.get(
      '/rounds/:roundId/coverage',
      {
        schema: {
          summary: 'Vulnerable households (asked or listed) that received nothing in the round',
          tags,
          security,
          params: roundParams,
        },
      },
      async (request) => {
        const round = await roundOf(request.params.ward, request.params.roundId);
        return { round, households: await coverageGaps(db, request.params.ward, round.id) };
      },
    );

    app.get(
      '/rounds/:roundId/duplicates',
      {
        schema: {
          summary: 'Suspected duplicates (same address, other phone) and second requests attached in the round',
          tags,
          security,
          params: roundParams,
        },
      },
      async (request) => {
        const round = await roundOf(request.params.ward, request.params.roundId);
        return {
          round,
          suspected: await duplicateReviews(db, request.params.ward),
          attached: await attachedRequests(db, round.id),
        };
      },
    );

    app.post(
      '/reviews/:reviewId/decide',
      {
        schema: {
          summary: 'Decide a suspected duplicate: the same household, or two households',
          tags,
          security,
          params: wardParams.extend({ reviewId: z.uuid() }),
          body: z.strictObject({ decision: z.enum(['same', 'different']), by: official }),
        },
      },
      async (request) => {
        const { ward, reviewId } = request.params;
        const review = await decideDuplicate(db, ward, reviewId, request.body.decision, request.body.by);
        if (!review) throw new HttpProblem(404, 'not_found', 'No undecided review with this id in this ward.');
        return { review };
      },
    );

    app.get(
      '/depots',
      { schema: { summary: 'Depots and stock', tags, security, params: wardParams } },
      async (req) => ({
        depots: await listDepotsWithStock(db, req.params.ward),
      }),
    );

    app.post(
      '/depots',
      {
        schema: {
          summary: 'Open a depot',
          tags,
          security,
          params: wardParams,
          body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        },
      },
      async (request, reply) =>
        reply.status(201).send({ depot: await createDepot(db, request.params.ward, request.body.name) }),
    );

    app.post(
      '/depots/:depotId/receipts',
      {
        schema: {
          summary: 'Record a donation received at a depot (adds stock)',
          tags,
          security,
          params: wardParams.extend({ depotId: z.uuid() }),
          body: z.strictObject({
            donor: z.string().trim().min(1).max(200),
            item: z.enum(RELIEF_ITEMS),
            quantity: z.number().int().min(1).max(10_000_000),
            receivedBy: official,
          }),
        },
      },
      async (request, reply) => {
        const depot = await findDepot(db, request.params.ward, request.params.depotId);
        if (!depot) throw new HttpProblem(404, 'not_found', 'No depot with this id in this ward.');
        const quantity = await receiveDonation(db, { depotId: depot.id, ...request.body });
        return reply.status(201).send({ item: request.body.item, quantity });
      },
    );

    app.post(
      '/households/import',
      {
        ...csvUploadOptions(deps.csvMaxBytes),
        schema: {
          summary:
            'Import a list of vulnerable households (CSV: name,address,size[,phone,over60,under6,disabled,pregnant])',
          tags,
          security,
          params: wardParams,
          body: z.strictObject({ csv: z.string().min(1) }),
        },
      },
      async (request) => {
        const list = readHouseholdList(request.body.csv);
        if ('error' in list) throw new HttpProblem(400, 'invalid_csv', list.error);
        if (list.accepted.length === 0) throw new HttpProblem(400, 'invalid_csv', 'No usable row in the list.');
        let suspected = 0;
        await db.transaction(async (tx) => {
          for (const row of list.accepted) {
            const resolved = await resolveHousehold(tx, { ...row, wardCode: request.params.ward, listed: true });
            if (resolved.suspectedOf) suspected += 1;
          }
        });
        return {
          imported: list.accepted.length,
          suspectedDuplicates: suspected,
          rejectedCount: list.rejected.length,
          rejected: list.rejected.slice(0, 100),
        };
      },
    );
  };
}
