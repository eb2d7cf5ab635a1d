import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { listMonitoredPeople } from '../../core/db/monitoring-board-repository.js';
import { BOARD_COLOURS, type BoardColour, boardColour } from '../../core/domain/monitoring-board.js';
import { areaQuery, scopedWards } from './area-scope.js';

const COLOUR_ORDER: Record<BoardColour, number> = { red: 0, amber: 1, green: 2 };

/** The home-monitoring board: everyone under active monitoring in scope, red first, with the counts per colour. */
export function monitoringBoardRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/monitoring/board',
      {
        schema: {
          summary: 'People under home monitoring with a red / amber / green standing and an overdue flag, red first',
          tags: ['monitoring'],
          security: [{ bearer: [] }],
          querystring: z.strictObject({
            ...areaQuery,
            colour: z.enum(BOARD_COLOURS).optional(),
            limit: z.coerce.number().int().min(1).max(2000).default(500),
          }),
        },
      },
      async (request) => {
        const wards = await scopedWards(deps.db, request, request.query);
        const people = (await listMonitoredPeople(deps.db, wards, request.query.limit)).map((person) => ({
          ...person,
          colour: boardColour(person),
        }));
        const counts = { red: 0, amber: 0, green: 0 };
        for (const person of people) counts[person.colour]++;
        const shown = request.query.colour ? people.filter((person) => person.colour === request.query.colour) : people;
        // A stable sort: within a colour the repository's order (ward, name) holds.
        shown.sort((a, b) => COLOUR_ORDER[a.colour] - COLOUR_ORDER[b.colour]);
        return { counts, people: shown };
      },
    );
  };
}
