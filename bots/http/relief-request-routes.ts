import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { findWardRequest } from '../../core/db/relief-requests-repository.js';
import { deliverReliefRequest, findDepot } from '../../core/db/relief-stock-repository.js';
import { decideReliefRequest } from '../../core/db/relief-workflow-repository.js';
import { RELIEF_ITEMS, type ReliefRequest } from '../../core/db/schema.js';
import { HttpProblem } from './error-handler.js';
import { type RequesterNotice, wardParams } from './relief-scope.js';

const official = z.string().trim().min(1).max(100);
const requestParams = wardParams.extend({ id: z.uuid() });
const tags = ['relief'];
const security = [{ bearer: [] }];

/** The officer's workflow on one request: verify, approve, reject, deliver from a depot. Each change tells the requester. */
export function reliefRequestRoutes(deps: { db: Database; notify: RequesterNotice }): FastifyPluginAsyncZod {
  const { db, notify } = deps;
  const mustExist = async (ward: string, id: string) => {
    const found = await findWardRequest(db, ward, id);
    if (!found) throw new HttpProblem(404, 'not_found', 'No request with this id in this ward.');
    return found;
  };
  const moved = async (request: ReliefRequest | undefined, action: string) => {
    if (!request) throw new HttpProblem(409, 'wrong_state', `The request cannot be ${action} in its current state.`);
    await notify(request);
    return { request };
  };

  return async (app) => {
    app.get(
      '/requests/:id',
      { schema: { summary: 'A request and its household', tags, security, params: requestParams } },
      async (request) => mustExist(request.params.ward, request.params.id),
    );

    for (const action of ['verify', 'approve'] as const) {
      app.post(
        `/requests/:id/${action}`,
        {
          schema: {
            summary: action === 'verify' ? 'Verify a submitted request' : 'Approve a verified request',
            tags,
            security,
            params: requestParams,
            body: z.strictObject({ by: official }),
          },
        },
        async (request) => {
          await mustExist(request.params.ward, request.params.id);
          const done = await decideReliefRequest(db, request.params.id, { action, by: request.body.by });
          return moved(done, action === 'verify' ? 'verified' : 'approved');
        },
      );
    }

    app.post(
      '/requests/:id/reject',
      {
        schema: {
          summary: 'Reject a request that is not yet delivered, with a reason the requester reads',
          tags,
          security,
          params: requestParams,
          body: z.strictObject({ by: official, reason: z.string().trim().min(3).max(300) }),
        },
      },
      async (request) => {
        await mustExist(request.params.ward, request.params.id);
        const done = await decideReliefRequest(db, request.params.id, { action: 'reject', ...request.body });
        return moved(done, 'rejected');
      },
    );

    app.post(
      '/requests/:id/deliver',
      {
        schema: {
          summary: 'Deliver an approved request: issue its goods from a depot (stock never goes below zero)',
          tags,
          security,
          params: requestParams,
          body: z.strictObject({
            by: official,
            depotId: z.uuid(),
            items: z
              .array(z.strictObject({ item: z.enum(RELIEF_ITEMS), quantity: z.number().int().min(1).max(100_000) }))
              .min(1)
              .max(RELIEF_ITEMS.length)
              .refine((items) => new Set(items.map((i) => i.item)).size === items.length, 'each item once'),
          }),
        },
      },
      async (request) => {
        const { ward, id } = request.params;
        await mustExist(ward, id);
        if (!(await findDepot(db, ward, request.body.depotId))) {
          throw new HttpProblem(404, 'not_found', 'No depot with this id in this ward.');
        }
        const outcome = await deliverReliefRequest(db, {
          requestId: id,
          depotId: request.body.depotId,
          deliveredBy: request.body.by,
          items: request.body.items,
        });
        if (outcome.ok) return moved(outcome.request, 'delivered');
        if (outcome.reason === 'wrong_state') return moved(undefined, 'delivered');
        throw new HttpProblem(409, 'insufficient_stock', `The depot does not hold enough ${outcome.item}.`);
      },
    );
  };
}
