import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../core/db/database.js';
import { wardDirectory } from '../../core/db/ward-directory-repository.js';
import { scopedWards } from './area-scope.js';

/**
 * The wards the caller serves, named, for the console's ward pickers: the API asks most officials to name a ward,
 * and an account's areas may be a district or a province.
 */
export function wardDirectoryRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/areas/wards',
      {
        schema: {
          summary: 'The wards in your areas (every ward for an admin), with their district, for ward pickers',
          tags: ['console'],
          security: [{ bearer: [] }],
        },
      },
      async (request) => ({ wards: await wardDirectory(deps.db, await scopedWards(deps.db, request, {})) }),
    );
  };
}
