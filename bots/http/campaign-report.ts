import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCampaign, settledProgress } from '../../core/db/campaigns-repository.js';
import type { Database } from '../../core/db/database.js';
import { deliveryReportPage } from '../../core/db/deliveries-repository.js';
import type { Campaign } from '../../core/db/schema.js';
import { csvLine } from '../../core/domain/csv.js';
import { maskPhone } from '../../core/text/phone.js';
import { openEventStream } from './event-stream.js';
import { auditExport } from './request-audit.js';

const idParams = z.strictObject({ id: z.uuid() });

/** A campaign's final report as CSV and its live progress as server-sent events (for the console). */
export function campaignReportRoutes(deps: {
  db: Database;
  progressIntervalMs: number;
  /** The campaign, if the caller may see it; a 404 otherwise. */
  mustExist(request: FastifyRequest, id: string): Promise<Campaign>;
}): FastifyPluginAsyncZod {
  const { db } = deps;
  return async (app) => {
    app.get(
      '/campaigns/:id/report.csv',
      {
        schema: {
          summary: 'Every delivery: masked phone, status, channel, reason',
          tags: ['campaigns'],
          params: idParams,
        },
      },
      async (request, reply) => {
        await deps.mustExist(request, request.params.id);
        await auditExport(db, request, 'campaign_report', { campaignId: request.params.id });
        // Phones are masked: the report travels by e-mail and lands in spreadsheets.
        let body = 'phone,status,channel,reason,segments,updated_at\n';
        let after: string | undefined;
        for (;;) {
          const page = await deliveryReportPage(db, request.params.id, after, 5000);
          for (const row of page) {
            const fields = [row.phone ? maskPhone(row.phone) : '', row.status, row.channel, row.reason, row.segments];
            body += csvLine([...fields, row.updatedAt.toISOString()]);
          }
          if (page.length < 5000) break;
          after = page.at(-1)?.id;
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="campaign-${request.params.id}.csv"`)
          .send(body);
      },
    );

    app.get(
      '/campaigns/:id/events',
      {
        schema: {
          summary: 'Progress as server-sent events until the campaign ends',
          tags: ['campaigns'],
          params: idParams,
        },
      },
      async (request, reply) => {
        await deps.mustExist(request, request.params.id);
        const stream = openEventStream(request, reply);
        let previousSent = 0;
        let previousAt = Date.now();
        while (stream.isOpen()) {
          const found = await findCampaign(db, request.params.id);
          if (!found) break;
          const { campaign, progress } = await settledProgress(db, found);
          const sent = (progress.byStatus.sent ?? 0) + (progress.byStatus.delivered ?? 0);
          const now = Date.now();
          const ratePerSecond = ((sent - previousSent) * 1000) / Math.max(1, now - previousAt);
          const remaining = (progress.byStatus.pending ?? 0) + (progress.byStatus.queued ?? 0);
          const etaSeconds = ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null;
          [previousSent, previousAt] = [sent, now];
          stream.send('progress', { status: campaign.status, progress, ratePerSecond, etaSeconds });
          if (['completed', 'cancelled'].includes(campaign.status)) break;
          await new Promise((resolve) => setTimeout(resolve, deps.progressIntervalMs));
        }
        stream.end();
      },
    );
  };
}
