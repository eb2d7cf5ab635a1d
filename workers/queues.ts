import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueDepth } from '../core/observability/metrics.js';

/** Every queue of the service, by name. */
export const QUEUE_NAMES = { inbound: 'inbound' } as const;

export interface InboundJob {
  messageId: string;
}

// Retries: a turn fails for a passing reason (database restart, Redis failover); exponential backoff with jitter
// spreads the retries of many users at once. Completed jobs are kept an hour for dedupe, failed ones a week to inspect.
export const INBOUND_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ forbids ":" in job ids; the id makes a redelivered message's turn a no-op enqueue. */
export function inboundJobId(messageId: string): string {
  return `turn-${messageId}`;
}

export interface QueueSet {
  readonly prefix: string;
  readonly inbound: Queue<InboundJob>;
  /** Completion events of inbound turns (the web channel waits on them). */
  readonly inboundEvents: QueueEvents;
  enqueueTurn(messageId: string): Promise<void>;
  depths(): Promise<QueueDepth[]>;
  close(): Promise<void>;
}

/** Opens the service's queues on one Redis connection, under a per-deployment key prefix. */
export function createQueues(connection: Redis, prefix: string): QueueSet {
  const inbound = new Queue<InboundJob>(QUEUE_NAMES.inbound, {
    connection,
    prefix,
    defaultJobOptions: INBOUND_JOB_OPTIONS,
  });
  const inboundEvents = new QueueEvents(QUEUE_NAMES.inbound, { connection: connection.duplicate(), prefix });
  return {
    prefix,
    inbound,
    inboundEvents,
    async enqueueTurn(messageId) {
      await inbound.add('turn', { messageId }, { jobId: inboundJobId(messageId) });
    },
    async depths() {
      const counts = await inbound.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return Object.entries(counts).map(([state, count]) => ({ queue: QUEUE_NAMES.inbound, state, count }));
    },
    async close() {
      await inboundEvents.close();
      await inbound.close();
    },
  };
}
