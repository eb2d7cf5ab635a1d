import { DelayedError, type Job, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  type ChannelSender,
  PermanentSendError,
  RateLimitedError,
  type SendReceipt,
} from '../core/channels/contract.js';
import { recordBatchSent, returnToPending, type SentRecord } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { setIdentityOptedOut } from '../core/db/identities-repository.js';
import { findMessage, loadQueuedSend, markSent, markUnsent } from '../core/db/messages-repository.js';
import type { Message } from '../core/db/schema.js';
import type { Metrics } from '../core/observability/metrics.js';
import type { SendHooks } from './campaign-delivery-hooks.js';
import { InFlightLimit } from './in-flight-limit.js';
import { sendBatch } from './outbound-batch.js';
import {
  outboundQueueName,
  SEND_PRIORITY,
  type SendBatchJob,
  type SendJob,
  type SendPriority,
  sendJobId,
} from './queues.js';
import { ownConnection } from './redis-connection.js';
import { RouteRate } from './route-rate.js';
import { SendClaims } from './send-claims.js';
import type { SentRecorder } from './sent-recorder.js';
import { outboundMessageOf } from './stored-payload.js';
import { UnrecordedSends } from './unrecorded-sends.js';

// A message stuck behind a lost job must not hold a person's later messages for long.
const ORDER_WINDOW_MS = 2 * 60_000;
const DEFER_MS = 50;

/**
 * Campaign messages a route worker may have handed to its channel without their send stored yet, where the route
 * sets no bound of its own (an SMPP bind sets its window): the most a process killed mid-campaign can send twice (a
 * restart sends them again).
 */
const SENDS_IN_FLIGHT = 32;
// Longer than a batch can run (it re-checks its campaign every rate window and holds itself when paused).
const CLAIM_TTL_MS = 3_600_000;
// Sends whose records were lost, kept for their retry: a few windows' worth, about 200 bytes each.
const UNRECORDED_KEPT = 10_000;

/** More identical messages than this to one identity within the window is a loop (a bot talking to a bot). */
export const LOOP_GUARD = { max: 20, windowMs: 5 * 60_000 };

export interface OutboundWorkerOptions {
  connection: Redis;
  prefix: string;
  route: string;
  sender: ChannelSender;
  db: Database;
  metrics: Metrics;
  logger: Logger;
  /** Stores campaign sends as they come back; one may serve every route of the process. */
  recorder: SentRecorder;
  /** Campaign rules at send time (pause, cancel, quiet hours, wording, channel fall-through); replies pass. */
  hooks: SendHooks;
  /** The provider's (or gateway's) rate: at most `max` sends per `durationMs`, across every worker of this route. */
  limiter: { max: number; durationMs: number };
  /** Campaign sends handed over and not yet stored, at most (SENDS_IN_FLIGHT when left out). */
  inFlight?: number;
  concurrency?: number;
  /** Queues one message alone on this route (a batch's message that must wait its turn or retry by itself). */
  enqueueSingle(messageId: string, priority: SendPriority): Promise<void>;
}

/** A batch job queued before campaign batches carried deliveries (a deploy in the middle of a campaign). */
interface MessageBatchJob {
  campaignId: string;
  messageIds: string[];
}

type OutboundJob = SendJob | SendBatchJob | MessageBatchJob;

const isBatch = (job: Job<OutboundJob>): job is Job<SendBatchJob> => 'deliveryIds' in job.data;
const isMessageBatch = (job: Job<OutboundJob>): job is Job<MessageBatchJob> => 'messageIds' in job.data;

/**
 * The worker of one outbound route: renders and sends through its channel, and stores how every send ended.
 * Replies and notices come one message per job; campaigns in batch jobs (outbound-batch.ts).
 */
export function createOutboundWorker(options: OutboundWorkerOptions): Worker<OutboundJob> {
  const { db, sender, logger } = options;
  const { hooks } = options;
  const rate = new RouteRate(options.connection, `${options.prefix}:rate:${options.route}`, options.limiter);
  const claims = new SendClaims(options.connection, `${options.prefix}:claim`, CLAIM_TTL_MS);
  const queueName = outboundQueueName(options.route);
  const batchDeps = {
    db,
    sender,
    hooks,
    rate,
    claims,
    inFlight: new InFlightLimit(options.inFlight ?? SENDS_IN_FLIGHT),
    recorder: options.recorder,
    unrecorded: new UnrecordedSends<SentRecord>(UNRECORDED_KEPT),
    metrics: options.metrics,
    logger,
    route: options.route,
    orderWindowMs: ORDER_WINDOW_MS,
    enqueueSingle: options.enqueueSingle,
    stopping: () => worker.closing !== undefined,
  };
  // The one-message path's own: a reply or notice sent whose record was lost, by message.
  const unrecordedReceipts = new UnrecordedSends<SendReceipt>(UNRECORDED_KEPT);
  const storeSent = async (message: Message, receipt: SendReceipt) => {
    try {
      await markSent(db, message.id, receipt.providerMessageId, receipt.parts);
    } catch (error) {
      // As on the batch path: a lost record is stored by the retry; a refused row goes out again for a fresh id.
      unrecordedReceipts.storeFailed(message.id, receipt, error);
      throw error;
    }
    unrecordedReceipts.forget([message.id]);
    await hooks.afterOutcome(message, { status: 'sent', segments: receipt.parts });
    options.metrics.messages.inc({ channel: message.channel, direction: 'outbound' });
    return 'sent';
  };
  const worker: Worker<OutboundJob> = new Worker<OutboundJob>(
    queueName,
    async (job: Job<OutboundJob>, token?: string) => {
      if (isBatch(job)) return sendBatch(batchDeps, job, token);
      if (isMessageBatch(job)) {
        // Its messages are stored queued already: the one-message path sends each, with the campaign's rules.
        for (const messageId of job.data.messageIds) {
          await claims.transfer([messageId], sendJobId(messageId));
          await options.enqueueSingle(messageId, (job.opts.priority ?? SEND_PRIORITY.bulk) as SendPriority);
        }
        return 'handed-over';
      }
      const single = job as Job<SendJob>;
      // A campaign message handed over by its batch is this job's; a reply is claimed by nobody else.
      if ((await claims.claim([single.data.messageId], single.id ?? '')).length === 0) return 'claimed-elsewhere';
      const loaded = await loadQueuedSend(
        db,
        single.data.messageId,
        ORDER_WINDOW_MS,
        new Date(Date.now() - LOOP_GUARD.windowMs),
      );
      if (loaded?.message.direction !== 'outbound' || loaded.message.status !== 'queued') return 'not-queued';
      const { message, externalId } = loaded;
      // Sent by an earlier run of this job that could not store it: stored now, not sent again.
      const earlier = unrecordedReceipts.get(message.id);
      if (earlier) return storeSent(message, earlier);
      if (loaded.earlierPendingId !== null) {
        // After the earlier message to this person; a deferral costs no attempt.
        await job.moveToDelayed(Date.now() + DEFER_MS, token);
        throw new DelayedError();
      }
      if (externalId === null) throw new UnrecoverableError('identity vanished');
      if (loaded.recentIdentical >= LOOP_GUARD.max) {
        logger.warn({ messageId: message.id, route: options.route }, 'loop guard: identical message not sent');
        await markUnsent(db, message.id, 'failed', 'loop_guard');
        await hooks.afterOutcome(message, { status: 'failed', reason: 'loop_guard' });
        return 'loop-guard';
      }
      const decision = await hooks.beforeSend(message);
      if (decision.action === 'skip') {
        await markUnsent(db, message.id, 'skipped', decision.reason);
        return 'skipped';
      }
      if (decision.action === 'hold') {
        await job.moveToDelayed(Date.now() + decision.ms, token);
        throw new DelayedError();
      }
      // The provider's rate is spent on real sends only, not on jobs that were deferred behind an earlier message.
      const waitMs = await rate.take();
      if (waitMs > 0) {
        await worker.rateLimit(waitMs);
        throw new RateLimitError();
      }
      let receipt: SendReceipt;
      try {
        receipt = await sender.send(outboundMessageOf(message, externalId));
      } catch (error) {
        if (error instanceof PermanentSendError) {
          await markUnsent(db, message.id, 'failed', error.code);
          await hooks.afterOutcome(message, { status: 'failed', reason: error.code });
          if (error.optOut) await setIdentityOptedOut(db, message.identityId, true);
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        if (error instanceof RateLimitedError) {
          // Pauses the whole route for the provider's retry-after; this job returns to the queue without losing a try.
          await worker.rateLimit(error.retryAfterMs);
          throw new RateLimitError();
        }
        throw error;
      }
      return storeSent(message, receipt);
    },
    {
      connection: ownConnection(options.connection),
      prefix: options.prefix,
      concurrency: options.concurrency ?? 16,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    const ids = isBatch(job)
      ? job.data.deliveryIds
      : isMessageBatch(job)
        ? job.data.messageIds
        : [(job as Job<SendJob>).data.messageId];
    logger.warn({ err: error, messages: ids.length, route: options.route, final }, 'send failed');
    if (!final) return;
    const closing = isBatch(job)
      ? closeFailedBatch(job.id ?? '', job.data.campaignId, ids, error.message)
      : closeFailed(job.id ?? '', ids, error.message);
    closing.catch((storeError: unknown) => logger.error({ err: storeError }, 'could not mark messages failed'));
  });
  // Only what the job still owns and is still queued changes (a permanent failure was closed in the processor).
  const closeFailed = async (owner: string, ids: readonly string[], reason: string) => {
    for (const messageId of await claims.claim(ids, owner)) {
      // Sent, its record lost until now: stored as sent, not failed.
      const sent = unrecordedReceipts.get(messageId);
      const queued = sent && (await findMessage(db, messageId));
      if (sent && queued?.status === 'queued') {
        await storeSent(queued, sent);
        continue;
      }
      if (!(await markUnsent(db, messageId, 'failed', reason))) continue;
      const message = await findMessage(db, messageId);
      if (message) await hooks.afterOutcome(message, { status: 'failed', reason });
    }
  };
  // A batch that gave up: what it still owns goes on to the next channel of each person's policy, never forgotten —
  // but what the channel took and could not be stored is stored first: it was sent.
  const closeFailedBatch = async (owner: string, campaignId: string, ids: readonly string[], reason: string) => {
    const owned = await claims.claim(ids, owner);
    const sent = owned.flatMap((id) => batchDeps.unrecorded.get(id) ?? []);
    if (sent.length > 0) {
      await recordBatchSent(db, sent).then(
        () => batchDeps.unrecorded.forget(sent.map((record) => record.deliveryId)),
        (error: unknown) => logger.error({ err: error, sends: sent.length }, 'could not store sends of a failed batch'),
      );
    }
    const failed = await returnToPending(db, owned, reason);
    for (const deliveryId of failed) await hooks.afterBatchFailure(campaignId, deliveryId);
  };
  worker.on('error', (error) => logger.error({ err: error, route: options.route }, 'outbound worker error'));
  return worker;
}
