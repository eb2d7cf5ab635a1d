import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { deliveryExportPage } from '../../core/db/relief-reports-repository.js';
import type { ReliefRound } from '../../core/db/schema.js';
import { csvLine } from '../../core/domain/csv.js';
import { maskPhone } from '../../core/text/phone.js';
import { wardParams } from './relief-scope.js';
import { auditExport } from './request-audit.js';

const PAGE = 5000;

/** A round's deliveries as CSV: one line per item issued (who delivered, when, what, from which depot). */
export function reliefExportRoutes(deps: {
  db: Database;
  roundOf: (ward: string, id: string) => Promise<ReliefRound>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/rounds/:roundId/deliveries.csv',
      {
        schema: {
          summary: "A round's deliveries, one line per item issued (phones masked)",
          tags: ['relief'],
          security: [{ bearer: [] }],
          params: wardParams.extend({ roundId: z.uuid() }),
        },
      },
      async (request, reply) => {
        const round = await deps.roundOf(request.params.ward, request.params.roundId);
        await auditExport(deps.db, request, 'relief_deliveries', { ...request.params });
        // Phones are masked: the export travels by e-mail and lands in spreadsheets; names and addresses are what
        // an auditor checks against the signed delivery slips.
        let body = csvLine([
          'request',
          'delivered_at',
          'delivered_by',
          'head_of_household',
          'phone',
          'address',
          'depot',
          'item',
          'quantity',
        ]);
        let after: string | undefined;
        for (;;) {
          const page = await deliveryExportPage(deps.db, round.id, after, PAGE);
          for (const row of page) {
            body += csvLine([
              row.requestNumber,
              row.deliveredAt?.toISOString() ?? null,
              row.deliveredBy,
              row.headName,
              row.phone ? maskPhone(row.phone) : null,
              row.address,
              row.depot,
              row.item,
              row.quantity,
            ]);
          }
          if (page.length < PAGE) break;
          after = page.at(-1)?.issueId;
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="relief-${round.id}.csv"`)
          .send(body);
      },
    );
  };
}
