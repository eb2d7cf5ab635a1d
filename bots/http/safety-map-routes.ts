import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { publicMap, type RiskLevel, setWardRisk } from '../../core/db/safety-map-repository.js';
import { vietnamDate } from '../../core/domain/vietnam-date.js';
import { requireWardInAreas } from './known-ward.js';

const isoDate = z.iso.date();

/** Staff set a ward's risk level (1 green, 2 yellow, 3 orange, 4 red) from a date on (default today in Vietnam). */
export function wardRiskRoutes(deps: { db: Database; now(): Date }): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/wards/:code/risk',
      {
        schema: {
          summary: "Set a ward's risk level (a ward of your areas)",
          tags: ['safety map'],
          security: [{ bearer: [] }],
          params: z.strictObject({ code: z.string().regex(/^\d{5}$/, 'the 5-digit official ward code') }),
          body: z.strictObject({
            level: z.number().int().min(1).max(4),
            effectiveDate: isoDate.optional(),
            setBy: z.string().trim().min(1).max(100),
          }),
        },
      },
      async (request) => {
        await requireWardInAreas(deps.db, request.params.code, request);
        const effectiveDate = request.body.effectiveDate ?? vietnamDate(deps.now());
        const level = request.body.level as RiskLevel;
        await setWardRisk(deps.db, { wardCode: request.params.code, level, effectiveDate, setBy: request.body.setBy });
        return { wardCode: request.params.code, level, effectiveDate };
      },
    );
  };
}

/** The public safety map (no authentication, no personal data): ward levels and venues' latest self-checks. */
export function publicMapRoutes(deps: { db: Database; now(): Date }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/public/map',
      { schema: { summary: 'Ward risk levels and venue safety', tags: ['safety map'] } },
      async () => {
        const now = deps.now();
        return { generatedAt: now.toISOString(), ...(await publicMap(deps.db, vietnamDate(now), now)) };
      },
    );
  };
}
