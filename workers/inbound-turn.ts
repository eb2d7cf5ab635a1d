import { DelayedError, type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { failInbound } from '../core/db/messages-repository.js';
import { runInboundTurn, type TurnRunnerDeps } from '../core/dialogs/turn-runner.js';
import { INBOUND_QUEUE, type InboundJob } from './queues.js';
import { ownConnection } from './redis-connection.js';

const DEFER_MS = 100;

export interface TurnResult {
  status: 'done' | 'already-handled';
  replyIds: string[];
}

/** The worker that runs dialog turns for stored inbound messages. */
export function createInboundWorker(options: {
  connection: Redis;
  prefix: string;
  runner: TurnRunnerDeps;
  /** Hands the turn's queued replies to their outbound queues; runs again on a retried job, so none is stranded. */
  dispatchReplies(inboundMessageId: string): Promise<void>;
  logger: Logger;
  concurrency?: number;
}): Worker<InboundJob, TurnResult> {
  const { runner, logger } = options;
  const worker = new Worker<InboundJob, TurnResult>(
    INBOUND_QUEUE,
    async (job: Job<InboundJob>, token?: string) => {
      const outcome = await runInboundTurn(runner, job.data.messageId);
      if (outcome.status === 'deferred') {
        // Back in a moment, after the user's earlier message; a deferral costs no attempt.
        await job.moveToDelayed(Date.now() + DEFER_MS, token);
        throw new DelayedError();
      }
      await options.dispatchReplies(job.data.messageId);
      return {
        status: outcome.status,
        replyIds: outcome.status === 'done' ? outcome.replies.map((reply) => reply.id) : [],
      };
    },
    { connection: ownConnection(options.connection), prefix: options.prefix, concurrency: options.concurrency ?? 8 },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    logger.error({ err: error, messageId: job.data.messageId, attempt: job.attemptsMade, final }, 'turn failed');
    // Out of retries: record why on the message itself, so nothing is silently lost.
    if (final) {
      failInbound(runner.database.db, job.data.messageId, error.message).catch((storeError: unknown) =>
        logger.error({ err: storeError, messageId: job.data.messageId }, 'could not mark message failed'),
      );
    }
  });
  worker.on('error', (error) => logger.error({ err: error }, 'inbound worker error'));
  return worker;
}
