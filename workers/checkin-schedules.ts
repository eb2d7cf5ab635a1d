import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { dropCheckinPartitionsBefore, ensureCheckinPartitions } from '../core/db/checkin-partitions.js';
import type { Database } from '../core/db/database.js';
import { listOwnersWithoutSelfCheck } from '../core/db/venues-repository.js';
import { addDays, vietnamDate } from '../core/domain/vietnam-date.js';
import { type ProactiveDeps, startFlowFor } from './proactive-flow.js';
import { logQueueErrors } from './queues.js';
import { ownConnection } from './redis-connection.js';

export const CHECKIN_SCHEDULES_QUEUE = 'checkin-schedules';
// Partitions exist a week ahead, so a missed night (worker down) never leaves check-ins without a partition.
const DAYS_AHEAD = 7;

/**
 * One maintenance pass: creates the daily partitions from yesterday to a week ahead and drops every day older than
 * the retention period (a check-in is kept at least `retentionDays` full days). Returns the dates dropped.
 */
export async function maintainCheckinPartitions(db: Database, now: Date, retentionDays: number): Promise<string[]> {
  const today = vietnamDate(now);
  await ensureCheckinPartitions(db, addDays(today, -1), DAYS_AHEAD + 2);
  return dropCheckinPartitionsBefore(db, addDays(today, -retentionDays));
}

/** Starts today's safety self-check with every owner of an open venue not yet checked today; returns how many. */
export async function promptVenueSelfChecks(proactive: ProactiveDeps, now: Date): Promise<number> {
  const today = vietnamDate(now);
  let started = 0;
  for (const personId of await listOwnersWithoutSelfCheck(proactive.db, today)) {
    // The key makes a retried job start each owner's check once a day.
    if (await startFlowFor(proactive, { personId, flow: 'selfCheck', key: `selfcheck-${personId}-${today}` })) {
      started += 1;
    }
  }
  return started;
}

export interface CheckinScheduleOptions {
  connection: Redis;
  prefix: string;
  proactive: ProactiveDeps;
  retentionDays: number;
  now(): Date;
  logger: Logger;
}

/**
 * The check-in domain's timed jobs, as BullMQ job schedulers in Vietnam time: retention at 00:15 (plus one pass at
 * start, so today's partition exists before the first check-in) and the owners' self-check at 08:00.
 */
export async function startCheckinSchedules(options: CheckinScheduleOptions): Promise<{ close(): Promise<void> }> {
  const { connection, prefix, logger, proactive } = options;
  await maintainCheckinPartitions(proactive.db, options.now(), options.retentionDays);
  const queue = new Queue(CHECKIN_SCHEDULES_QUEUE, { connection, prefix });
  logQueueErrors(queue, logger);
  const keep = { removeOnComplete: 30, removeOnFail: 30 };
  // Upserting the same scheduler ids from every process leaves exactly one schedule of each.
  await queue.upsertJobScheduler(
    'retention',
    { pattern: '15 0 * * *', tz: 'Asia/Ho_Chi_Minh' },
    { name: 'retention', opts: keep },
  );
  await queue.upsertJobScheduler(
    'self-check',
    { pattern: '0 8 * * *', tz: 'Asia/Ho_Chi_Minh' },
    { name: 'self-check', opts: keep },
  );
  const worker = new Worker(
    CHECKIN_SCHEDULES_QUEUE,
    async (job) => {
      if (job.name === 'self-check') return promptVenueSelfChecks(proactive, options.now());
      const dropped = await maintainCheckinPartitions(proactive.db, options.now(), options.retentionDays);
      if (dropped.length > 0) logger.info({ dropped }, 'check-in partitions dropped');
      return dropped;
    },
    { connection: ownConnection(connection), prefix },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'check-in schedules worker error'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
