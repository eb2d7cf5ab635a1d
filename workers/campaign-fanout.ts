import { DelayedError, type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { findCampaign, transitionCampaign } from '../core/db/campaigns-repository.js';
import { listPendingDeliveries } from '../core/db/deliveries-repository.js';
import { isListAudience } from '../core/db/fanout-repository.js';
import { analyzeDeliveriesIfStale } from '../core/db/planner-statistics.js';
import { type DispatchDeps, dispatchDeliveries, fanOutPage, requeueUnsent } from './campaign-dispatch.js';
import { fanOutList } from './list-fanout.js';
import { CAMPAIGN_QUEUE, type FanoutJob } from './queues.js';
import { ownConnection } from './redis-connection.js';

export interface FanoutOptions {
  connection: Redis;
  prefix: string;
  dispatch: DispatchDeps;
  now(): Date;
  recheckMs: number;
  logger: Logger;
  pageSize?: number;
  lanes?: number;
}

/**
 * Plans a running campaign's audience page by page, each page handed to the channels in the transaction that plans
 * it and enqueued once committed. A killed worker's job is picked up again and continues from the cursor (after
 * queueing again what it stored but had not enqueued); pausing or cancelling stops it at the next page.
 */
export function createFanoutWorker(options: FanoutOptions): Worker<FanoutJob> {
  const { dispatch, logger } = options;
  const { db } = dispatch;
  // A page is one transaction of a few statements whatever its size; 2,000 people keep it well under a second, so a
  // pause still lands within two seconds, while 1,000 cost a fifth more per person in statement overhead (measured).
  const pageSize = options.pageSize ?? 2000;
  // Pages of an uploaded list side by side: PostgreSQL works each transaction on one core, and a lane waits on this
  // process between its statements. Since lanes roll (each takes the next page as soon as its own is done), two on
  // two cores planned a million in 46-52 s and three in 53-55 s (bench/blast): a third only adds contention on the
  // same index pages (PostgreSQL 55-63 µs a person with two, 66-69 with three).
  const lanes = options.lanes ?? 2;
  const running = async (campaignId: string) => (await findCampaign(db, campaignId))?.status === 'running';
  // One look at a time, whichever lane's page committed: two lanes must not analyze the table side by side.
  let statistics: Promise<void> | undefined;
  const afterPage = () => {
    statistics ??= analyzeDeliveriesIfStale(db).finally(() => {
      statistics = undefined;
    });
    return statistics;
  };
  const worker = new Worker<FanoutJob>(
    CAMPAIGN_QUEUE,
    async (job: Job<FanoutJob>, token?: string) => {
      const { campaignId } = job.data;
      const campaign = await findCampaign(db, campaignId);
      if (campaign?.status !== 'scheduled' && campaign?.status !== 'running') return 'not-runnable';
      const wait = (campaign.sendAfter?.getTime() ?? 0) - options.now().getTime();
      if (wait > 0) {
        await job.moveToDelayed(Date.now() + Math.min(wait, options.recheckMs), token);
        throw new DelayedError();
      }
      if (campaign.status === 'scheduled') {
        await transitionCampaign(db, campaignId, ['scheduled'], 'running', { startedAt: new Date() });
      } else {
        // A run that stopped (a killed worker, a pause) may have stored messages whose send jobs never got queued.
        const requeued = await requeueUnsent(dispatch, campaign, pageSize);
        if (requeued > 0) logger.info({ campaignId, requeued }, 'fan-out resumed: unsent messages queued again');
      }
      for (;;) {
        const current = await findCampaign(db, campaignId);
        if (current?.status !== 'running') return 'stopped';
        if (current.fanoutDone) {
          // Planned deliveries are born queued or skipped; pending ones are failures falling through to their
          // next channel whose dispatch a dying worker cut short.
          const pending = await listPendingDeliveries(db, campaignId, pageSize);
          if (pending.length === 0) return 'planned';
          await dispatchDeliveries(dispatch, current, pending);
        } else if (isListAudience(current)) {
          await fanOutList(dispatch, current, { pageSize, lanes, running: () => running(campaignId), afterPage });
        } else {
          await fanOutPage(dispatch, current, pageSize);
          await afterPage();
        }
      }
    },
    { connection: ownConnection(options.connection), prefix: options.prefix, concurrency: 2 },
  );
  worker.on('failed', (job, error) => logger.error({ err: error, campaignId: job?.data.campaignId }, 'fan-out failed'));
  worker.on('error', (error) => logger.error({ err: error }, 'fan-out worker error'));
  return worker;
}
