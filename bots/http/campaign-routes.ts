import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createCampaign,
  findCampaign,
  listCampaigns,
  pauseAllCampaigns,
  settledProgress,
  transitionCampaign,
} from '../../core/db/campaigns-repository.js';
import type { Database } from '../../core/db/database.js';
import { skipPendingDeliveries } from '../../core/db/deliveries-repository.js';
import { campaignTemplates, type TemplateLookup } from '../../core/domain/campaign-message.js';
import { type Translator, templateOf } from '../../core/i18n/translator.js';
import type { QueueSet } from '../../workers/queues.js';
import { campaignPreviewRoutes, type PreviewDeps } from './campaign-preview.js';
import { campaignReportRoutes } from './campaign-report.js';
import { campaignBody, readRecipients } from './campaign-request.js';
import { audienceWards } from './campaign-scope.js';
import { csvUploadOptions } from './csv-upload.js';
import { HttpProblem } from './error-handler.js';
import { scopeOf } from './known-ward.js';
import { noteAudit } from './request-audit.js';
import { staffOf } from './staff-auth.js';

const idParams = z.strictObject({ id: z.uuid() });

/**
 * The official acting: a signed-in account (or its integration token) is who it is, whatever the body says, so
 * "approved by a second official" holds; the break-glass ADMIN_API_TOKEN names the official in the body.
 */
function officialName(request: FastifyRequest, named: string): string {
  const staff = staffOf(request);
  return staff.actor === 'admin-token' ? named : staff.name;
}

/** Mass alerts, reminders and results: create, approve, pause, resume, cancel, watch. */
export function campaignRoutes(deps: {
  db: Database;
  queues: QueueSet;
  translator: Translator;
  preview: Omit<PreviewDeps, 'lookup'>;
  /** The largest uploaded audience (a phone list or CSV), in bytes. */
  csvMaxBytes: number;
}): FastifyPluginAsyncZod {
  const { db, queues } = deps;
  const lookup: TemplateLookup = (locale, key) => templateOf(deps.translator, locale, key);
  const tags = ['campaigns'];
  const security = [{ bearer: [] }];
  // A campaign outside the caller's areas is answered like a missing one.
  const mustExist = async (request: FastifyRequest, id: string) => {
    const campaign = await findCampaign(db, id, scopeOf(request));
    if (!campaign) throw new HttpProblem(404, 'not_found', 'No campaign with this id.');
    return campaign;
  };
  const conflict = (action: string) =>
    new HttpProblem(409, 'wrong_state', `The campaign cannot be ${action} in its current state.`);

  return async (app) => {
    await app.register(campaignReportRoutes({ db, progressIntervalMs: 1000, mustExist }));
    await app.register(campaignPreviewRoutes({ ...deps.preview, lookup }));

    app.post(
      '/campaigns/kill-switch',
      { schema: { summary: 'Pause every campaign of your areas that could send', tags, security } },
      async (request) => {
        const paused = await pauseAllCampaigns(db, scopeOf(request));
        noteAudit(request, 'campaigns_kill_switch', undefined, { paused });
        return { paused };
      },
    );

    app.post(
      '/campaigns',
      {
        ...csvUploadOptions(deps.csvMaxBytes),
        schema: { summary: 'Create a campaign', tags, security, body: campaignBody },
      },
      async (request, reply) => {
        const body = request.body;
        if (Object.keys(campaignTemplates(body.message, lookup)).length === 0) {
          throw new HttpProblem(400, 'unknown_text', 'The message key names no text in locales/.');
        }
        const wardCodes = await audienceWards(db, request, body.audience);
        const recipients = readRecipients(body, lookup);
        if ('error' in recipients) throw new HttpProblem(400, 'invalid_audience', recipients.error);
        const uploaded = body.audience.type === 'phones' || body.audience.type === 'csv';
        if (uploaded && recipients.accepted.length === 0) {
          const first = recipients.rejected.slice(0, 5).map((r) => `row ${r.row}: ${r.reason}`);
          throw new HttpProblem(400, 'invalid_audience', `No usable recipient (${first.join('; ')}).`);
        }
        const audience = uploaded ? { type: 'phones' } : body.audience;
        const campaign = await createCampaign(
          db,
          {
            kind: body.kind,
            title: body.title,
            message: body.message,
            audience,
            // A kind without a ZNS template simply skips "zns" at dispatch time.
            channelPolicy: body.channelPolicy ?? ['zalo', 'zns', 'telegram', 'sms'],
            urgent: body.urgent,
            requiresApproval: body.requiresApproval,
            createdBy: officialName(request, body.createdBy),
            wardCodes,
            ...(body.sendAfter ? { sendAfter: new Date(body.sendAfter) } : {}),
          },
          recipients.accepted,
        );
        if (campaign.status === 'scheduled') await queues.enqueueFanout(campaign.id);
        noteAudit(request, 'campaign_created', campaign.id, {
          kind: campaign.kind,
          title: campaign.title,
          recipients: recipients.accepted.length,
        });
        return reply.status(201).send({
          campaign,
          accepted: recipients.accepted.length,
          rejectedCount: recipients.rejected.length,
          rejected: recipients.rejected.slice(0, 100),
        });
      },
    );

    app.get(
      '/campaigns',
      { schema: { summary: 'Recent campaigns of your areas', tags, security } },
      async (request) => ({
        campaigns: await listCampaigns(db, scopeOf(request), 50),
      }),
    );

    app.get(
      '/campaigns/:id',
      { schema: { summary: 'A campaign and its progress by status and channel', tags, security, params: idParams } },
      async (request) => settledProgress(db, await mustExist(request, request.params.id)),
    );

    app.post(
      '/campaigns/:id/approve',
      {
        schema: {
          summary: 'Approve a campaign (by a second official)',
          tags,
          security,
          params: idParams,
          body: z.strictObject({ approvedBy: z.string().trim().min(1).max(100) }),
        },
      },
      async (request) => {
        const campaign = await mustExist(request, request.params.id);
        const approvedBy = officialName(request, request.body.approvedBy);
        if (campaign.createdBy === approvedBy) {
          throw new HttpProblem(409, 'same_official', 'A campaign must be approved by someone other than its author.');
        }
        const approved = await transitionCampaign(db, campaign.id, ['pending_approval'], 'scheduled', { approvedBy });
        if (!approved) throw conflict('approved');
        await queues.enqueueFanout(approved.id);
        noteAudit(request, 'campaign_approved', approved.id);
        return { campaign: approved };
      },
    );

    app.post('/campaigns/:id/pause', { schema: { tags, security, params: idParams } }, async (request) => {
      const campaign = await mustExist(request, request.params.id);
      const paused = await transitionCampaign(db, campaign.id, ['scheduled', 'running'], 'paused');
      if (!paused) throw conflict('paused');
      noteAudit(request, 'campaign_paused', paused.id);
      return { campaign: paused };
    });

    app.post('/campaigns/:id/resume', { schema: { tags, security, params: idParams } }, async (request) => {
      const campaign = await mustExist(request, request.params.id);
      const resumed = await transitionCampaign(
        db,
        campaign.id,
        ['paused'],
        campaign.startedAt ? 'running' : 'scheduled',
      );
      if (!resumed) throw conflict('resumed');
      await queues.enqueueFanout(resumed.id);
      noteAudit(request, 'campaign_resumed', resumed.id);
      return { campaign: resumed };
    });

    app.post('/campaigns/:id/cancel', { schema: { tags, security, params: idParams } }, async (request) => {
      const campaign = await mustExist(request, request.params.id);
      const cancelled = await transitionCampaign(
        db,
        campaign.id,
        ['pending_approval', 'scheduled', 'running', 'paused'],
        'cancelled',
        { finishedAt: new Date() },
      );
      if (!cancelled) throw conflict('cancelled');
      // Deliveries not yet handed to a channel end here; queued ones are skipped by the send worker.
      await skipPendingDeliveries(db, cancelled.id, 'cancelled');
      noteAudit(request, 'campaign_cancelled', cancelled.id);
      return { campaign: cancelled };
    });
  };
}
