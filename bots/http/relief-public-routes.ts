import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findWard } from '../../core/db/admin-units-repository.js';
import type { Database } from '../../core/db/database.js';
import { type RoundTotals, roundTotals } from '../../core/db/relief-reports-repository.js';
import { findRound, listRounds } from '../../core/db/relief-rounds-repository.js';
import { HttpProblem } from './error-handler.js';
import { wardCode } from './relief-scope.js';

/**
 * The public transparency report of a ward: how many asked, were approved, got their goods, are still waiting, and
 * how much of each item was handed out. Counts only — no name, phone or address ever leaves through this route.
 */
export function reliefPublicRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/relief/:ward',
      {
        schema: {
          summary: "A ward's relief figures for a round (the open or latest one by default); no personal data",
          tags: ['relief'],
          params: z.strictObject({ ward: wardCode }),
          querystring: z.strictObject({ round: z.uuid().optional() }),
        },
      },
      async (request) => {
        const { ward } = request.params;
        const known = await findWard(deps.db, ward);
        if (!known) throw new HttpProblem(404, 'unknown_ward', `No ward with the code ${ward}.`);
        const round = request.query.round
          ? await findRound(deps.db, ward, request.query.round)
          : (await listRounds(deps.db, ward))[0];
        if (request.query.round && !round) throw new HttpProblem(404, 'not_found', 'No such round in this ward.');
        const totals: RoundTotals = round
          ? await roundTotals(deps.db, round.id)
          : { requests: 0, byStatus: {}, itemsDelivered: {} };
        const count = (...statuses: (keyof typeof totals.byStatus)[]) =>
          statuses.reduce((sum, status) => sum + (totals.byStatus[status] ?? 0), 0);
        return {
          ward,
          wardName: known.name,
          round: round
            ? {
                id: round.id,
                name: round.name,
                status: round.status,
                openedAt: round.openedAt,
                closedAt: round.closedAt,
              }
            : null,
          requests: totals.requests,
          // Approved counts every request an officer approved, whether its goods have gone out yet or not.
          approved: count('approved', 'delivered'),
          delivered: count('delivered'),
          pending: count('submitted', 'verified', 'approved'),
          rejected: count('rejected'),
          itemsDelivered: totals.itemsDelivered,
        };
      },
    );
  };
}
