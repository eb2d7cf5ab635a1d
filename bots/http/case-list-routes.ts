import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CaseListCursor, listCasesInWards } from '../../core/db/case-list-repository.js';
import type { Database } from '../../core/db/database.js';
import { areaQuery, scopedWards } from './area-scope.js';
import { HttpProblem } from './error-handler.js';
import { requireRole } from './staff-auth.js';

const cursorText = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;

function encodeCursor(cursor: CaseListCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

function decodeCursor(cursor: string): CaseListCursor {
  const match = cursorText.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1] || !match[2]) {
    throw new HttpProblem(400, 'invalid_cursor', 'The cursor is not one this API returned.');
  }
  return { createdAt: match[1], id: match[2] };
}

/**
 * The list of confirmed cases the console starts from, newest first, a page at a time. A case belongs to its
 * person's ward and to the wards of the venues they were at while infectious (core/db/case-list-repository.ts); an
 * official sees the cases of their areas (or of the ward or district they name in them), an admin every case.
 */
export function caseListRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/cases',
      {
        preHandler: requireRole('admin', 'province', 'district', 'ward'),
        schema: {
          summary: 'Cases of your areas, newest first; page with cursor',
          tags: ['cases'],
          security: [{ bearer: [] }],
          querystring: z.strictObject({
            ...areaQuery,
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      async (request) => {
        const { cursor, limit, ...area } = request.query;
        const wards = await scopedWards(deps.db, request, area);
        const page = await listCasesInWards(
          deps.db,
          { wards, after: cursor ? decodeCursor(cursor) : undefined },
          limit,
        );
        return { cases: page.cases, nextCursor: page.next ? encodeCursor(page.next) : null };
      },
    );
  };
}
