import { DelayedError, type Job, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  type ChannelSender,
  type OutboundImage,
  PermanentSendError,
  type ProviderTemplate,
  RateLimitedError,
} from '../core/channels/contract.js';
import type { Database } from '../core/db/database.js';
import { findIdentityById, setIdentityOptedOut } from '../core/db/identities-repository.js';
import {
  countRecentIdenticalOutbound,
  findEarlierPending,
  findMessage,
  markSent,
  markUnsent,
} from '../core/db/messages-repository.js';
import type { ReplyChoice } from '../core/dialogs/turn-services.js';
import type { Metrics } from '../core/observability/metrics.js';
import type { SendHooks } from './campaign-delivery-hooks.js';
import { outboundQueueName, type SendJob } from './queues.js';
import { RouteRate } from './route-rate.js';

// A message stuck behind a lost job must not hold a person's later messages for long.
const ORDER_WINDOW_MS = 2 * 60_000;
const DEFER_MS = 50;

const PASS_THROUGH: SendHooks = { beforeSend: async () => ({ action: 'send' }), afterOutcome: async () => undefined };

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
  /** Campaign rules at send time (pause, cancel, quiet hours, channel fall-through); replies need none. */
  hooks?: SendHooks;
  /** The provider's (or gateway's) rate: at most `max` sends per `durationMs`, across every worker of this route. */
  limiter: { max: number; durationMs: number };
  concurrency?: number;
}

interface StoredPayload {
  choices?: ReplyChoice[];
  image?: OutboundImage;
  template?: ProviderTemplate;
}

/** The worker of one outbound route: renders and sends through its channel, and stores how every send ended. */
export function createOutboundWorker(options: OutboundWorkerOptions): Worker<SendJob> {
  const { db, sender, logger } = options;
  const hooks = options.hooks ?? PASS_THROUGH;
  const rate = new RouteRate(options.connection, `${options.prefix}:rate:${options.route}`, options.limiter);
  const worker: Worker<SendJob> = new Worker<SendJob>(
    outboundQueueName(options.route),
    async (job: Job<SendJob>, token?: string) => {
      const message = await findMessage(db, job.data.messageId);
      if (message?.direction !== 'outbound' || message.status !== 'queued') return 'not-queued';
      if (await findEarlierPending(db, message, 'queued', ORDER_WINDOW_MS)) {
        // After the earlier message to this person; a deferral costs no attempt.
        await job.moveToDelayed(Date.now() + DEFER_MS, token);
        throw new DelayedError();
      }
      const resolved = await findIdentityById(db, message.identityId);
      if (!resolved) throw new UnrecoverableError('identity vanished');
      const recent = await countRecentIdenticalOutbound(
        db,
        message.identityId,
        message.text,
        new Date(Date.now() - LOOP_GUARD.windowMs),
      );
      if (recent >= LOOP_GUARD.max) {
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
      const payload = (message.payload ?? {}) as StoredPayload;
      try {
        const receipt = await sender.send({
          messageId: message.id,
          recipient: resolved.identity.externalId,
          text: message.text,
          ...(payload.choices ? { choices: payload.choices } : {}),
          ...(payload.image ? { image: payload.image } : {}),
          ...(payload.template ? { template: payload.template } : {}),
        });
        await markSent(db, message.id, receipt.providerMessageId, receipt.parts);
        await hooks.afterOutcome(message, { status: 'sent', segments: receipt.parts });
        options.metrics.messages.inc({ channel: message.channel, direction: 'outbound' });
        return 'sent';
      } catch (error) {
        if (error instanceof PermanentSendError) {
          await markUnsent(db, message.id, 'failed', error.code);
          await hooks.afterOutcome(message, { status: 'failed', reason: error.code });
          if (error.optOut) await setIdentityOptedOut(db, resolved.identity.id, true);
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        if (error instanceof RateLimitedError) {
          // Pauses the whole route for the provider's retry-after; this job returns to the queue without losing a try.
          await worker.rateLimit(error.retryAfterMs);
          throw new RateLimitError();
        }
        throw error;
      }
    },
    {
      connection: options.connection.duplicate(),
      prefix: options.prefix,
      concurrency: options.concurrency ?? 16,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    logger.warn({ err: error, messageId: job.data.messageId, route: options.route, final }, 'send failed');
    if (final) {
      // Only a message still queued changes here (a permanent failure was closed in the processor already).
      const { messageId } = job.data;
      markUnsent(db, messageId, 'failed', error.message)
        .then((closed) => (closed ? findMessage(db, messageId) : undefined))
        .then((message) => message && hooks.afterOutcome(message, { status: 'failed', reason: error.message }))
        .catch((storeError: unknown) => logger.error({ err: storeError }, 'could not mark message failed'));
    }
  });
  worker.on('error', (error) => logger.error({ err: error, route: options.route }, 'outbound worker error'));
  return worker;
}
