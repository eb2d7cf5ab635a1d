import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { QueueDepth } from '../core/observability/metrics.js';
import { ownConnection } from './redis-connection.js';

/** The inbound turn queue; outbound queues are one per route: `outbound-<channel or SMS gateway>`. */
export const INBOUND_QUEUE = 'inbound';

/** Campaign fan-out: one job per start or resume of a campaign. */
export const CAMPAIGN_QUEUE = 'campaigns';

export interface FanoutJob {
  campaignId: string;
}

export function outboundQueueName(route: string): string {
  return `outbound-${route}`;
}

/**
 * Send priorities (BullMQ: lower runs first): urgent alerts before conversation replies before bulk messages, so a
 * province-wide reminder never delays an answer to someone in the middle of a conversation.
 */
export const SEND_PRIORITY = { urgent: 1, reply: 2, bulk: 3 } as const;
export type SendPriority = (typeof SEND_PRIORITY)[keyof typeof SEND_PRIORITY];

export interface InboundJob {
  messageId: string;
}

export interface SendJob {
  messageId: string;
}

/** A page of one campaign's deliveries on one route, sent together (workers/outbound-batch.ts). */
export interface SendBatchJob {
  campaignId: string;
  deliveryIds: string[];
}

/**
 * Deliveries per batch job, loaded and claimed together. The campaign's rules are asked once per rate window whatever
 * the size, so a pause still lands within a second; 200 rather than 50 cut the worker's time per message by a tenth
 * (fewer jobs, claims round trips and reads: bench/blast).
 */
export const SEND_BATCH_SIZE = 200;

// Retries: a turn fails for a passing reason (database restart, Redis failover); exponential backoff with jitter
// spreads the retries of many users at once. Completed jobs are kept an hour for dedupe, failed ones a week to inspect.
export const INBOUND_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

// Sends retry longer: a gateway can be down for minutes and the message must still go out when it is back.
export const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ forbids ":" in job ids; deterministic ids make re-enqueueing the same message a no-op. */
export function inboundJobId(messageId: string): string {
  return `turn-${messageId}`;
}

export function sendJobId(messageId: string): string {
  return `send-${messageId}`;
}

export interface QueueSet {
  readonly prefix: string;
  readonly inbound: Queue<InboundJob>;
  /** Completion events of inbound turns (the web channel waits on them). */
  readonly inboundEvents: QueueEvents;
  enqueueTurn(messageId: string): Promise<void>;
  enqueueSend(route: string, messageId: string, priority?: SendPriority): Promise<void>;
  /** A campaign's deliveries on one route as batch jobs, all in one round trip (fan-out). */
  enqueueSendBatches(
    route: string,
    campaignId: string,
    deliveryIds: readonly string[],
    priority: SendPriority,
  ): Promise<void>;
  /** Starts (or resumes) a campaign's fan-out; several at once are safe, each delivery is claimed once. */
  enqueueFanout(campaignId: string): Promise<void>;
  depths(): Promise<QueueDepth[]>;
  close(): Promise<void>;
}

/** Opens the service's queues on one Redis connection, under a per-deployment key prefix. */
export function createQueues(
  connection: Redis,
  prefix: string,
  outboundRoutes: readonly string[],
  logger?: Pick<Logger, 'error'>,
): QueueSet {
  const inbound = new Queue<InboundJob>(INBOUND_QUEUE, { connection, prefix, defaultJobOptions: INBOUND_JOB_OPTIONS });
  const outbound = new Map(
    outboundRoutes.map((route) => [
      route,
      new Queue<SendJob | SendBatchJob>(outboundQueueName(route), {
        connection,
        prefix,
        defaultJobOptions: SEND_JOB_OPTIONS,
      }),
    ]),
  );
  const inboundEvents = new QueueEvents(INBOUND_QUEUE, { connection: ownConnection(connection), prefix });
  const fanout = new Queue<FanoutJob>(CAMPAIGN_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true },
  });
  const all: Queue[] = [inbound, fanout, ...outbound.values()];
  if (logger) {
    for (const queue of all) logQueueErrors(queue, logger);
    inboundEvents.on('error', (error) => logger.error({ err: error, queue: inboundEvents.name }, 'queue events error'));
  }
  const queueFor = (route: string) => {
    const queue = outbound.get(route);
    if (!queue) throw new Error(`no outbound queue for route ${route}`);
    return queue;
  };
  return {
    prefix,
    inbound,
    inboundEvents,
    async enqueueTurn(messageId) {
      await inbound.add('turn', { messageId }, { jobId: inboundJobId(messageId) });
    },
    async enqueueSend(route, messageId, priority = SEND_PRIORITY.reply) {
      await queueFor(route).add('send', { messageId }, { jobId: sendJobId(messageId), priority });
    },
    async enqueueSendBatches(route, campaignId, deliveryIds, priority) {
      const batches: SendBatchJob[] = [];
      for (let i = 0; i < deliveryIds.length; i += SEND_BATCH_SIZE) {
        batches.push({ campaignId, deliveryIds: deliveryIds.slice(i, i + SEND_BATCH_SIZE) });
      }
      await queueFor(route).addBulk(
        batches.map((batch) => ({
          name: 'send-batch',
          data: batch,
          // The same page queued again (a resumed fan-out) is the same job; other overlaps are settled by claims.
          opts: { jobId: `batch-${batch.deliveryIds[0]}-${batch.deliveryIds.length}`, priority },
        })),
      );
    },
    async enqueueFanout(campaignId) {
      // A fresh id per start: a resume must not be swallowed by the id of a run that is just finishing.
      await fanout.add('fanout', { campaignId }, { jobId: `fanout-${campaignId}-${Date.now()}` });
    },
    async depths() {
      const depths = await Promise.all(
        all.map(async (queue) => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
          return Object.entries(counts).map(([state, count]) => ({ queue: queue.name, state, count }));
        }),
      );
      return depths.flat();
    },
    async close() {
      await inboundEvents.close();
      await Promise.all(all.map((queue) => queue.close()));
    },
  };
}

/**
 * Logs a queue's errors: with no listener BullMQ writes each one (every reconnect try while Redis is away, once per
 * queue sharing the connection) unstructured to stderr, among the JSON lines a log shipper reads.
 */
export function logQueueErrors(queue: Queue, logger: Pick<Logger, 'error'>): void {
  queue.on('error', (error) => logger.error({ err: error, queue: queue.name }, 'queue error'));
}
