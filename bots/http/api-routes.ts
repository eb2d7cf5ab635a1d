import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { listIdentitiesOfPerson } from '../../core/db/identities-repository.js';
import { listMessagesOfPerson } from '../../core/db/messages-repository.js';
import { findPersonById } from '../../core/db/people-repository.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { QueueSet } from '../../workers/queues.js';
import type { DomainDeps, DomainModule } from '../domain-module.js';
import { auditEveryStateChange } from './audit-hook.js';
import type { PreviewDeps } from './campaign-preview.js';
import { campaignRoutes } from './campaign-routes.js';
import { HttpProblem } from './error-handler.js';
import { requireRowInScope } from './known-ward.js';
import { authenticateStaff, confineVenueOwners } from './staff-auth.js';
import { staffRoutes } from './staff-routes.js';

const personParams = z.strictObject({ id: z.uuid() });
const NO_PERSON = 'No person with this id.';

/** The staff API under /api/v1 (bearer token); hotline staff read a person and their conversation here. */
export function apiRoutes(deps: {
  db: Database;
  queues: QueueSet;
  adminToken: string | undefined;
  translator: Translator;
  preview: Omit<PreviewDeps, 'lookup'>;
  domain: { modules: readonly DomainModule[]; deps: DomainDeps };
  csvMaxBytes: number;
}): FastifyPluginAsyncZod {
  return async (app) => {
    // onRequest, before the body is even parsed: a caller without the token learns nothing, not even a schema error.
    app.addHook('onRequest', authenticateStaff({ db: deps.db, adminToken: deps.adminToken }));
    app.addHook('onRequest', confineVenueOwners);
    app.addHook('onRoute', auditEveryStateChange(deps.db));
    await app.register(staffRoutes({ db: deps.db }));
    const security = [{ bearer: [] }];
    // A person is seen by the staff of their ward (a person with no known ward, by admins only).
    const personInScope = async (request: FastifyRequest, id: string) => {
      const person = await findPersonById(deps.db, id);
      if (!person) throw new HttpProblem(404, 'not_found', NO_PERSON);
      await requireRowInScope(deps.db, request, person.wardCode, NO_PERSON);
      return person;
    };
    await app.register(campaignRoutes(deps));
    for (const module of deps.domain.modules) {
      if (module.staffRoutes) await app.register(module.staffRoutes(deps.domain.deps));
    }

    app.get(
      '/people/:id',
      {
        schema: { summary: 'A person and their channel identities', tags: ['people'], security, params: personParams },
      },
      async (request) => {
        const person = await personInScope(request, request.params.id);
        const identities = await listIdentitiesOfPerson(deps.db, person.id);
        return { person, identities };
      },
    );

    app.get(
      '/people/:id/messages',
      {
        schema: {
          summary: "A person's recent messages on every channel, newest first",
          tags: ['people'],
          security,
          params: personParams,
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        },
      },
      async (request) => {
        const person = await personInScope(request, request.params.id);
        return { messages: await listMessagesOfPerson(deps.db, person.id, request.query.limit) };
      },
    );
  };
}
