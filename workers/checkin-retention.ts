import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { dropCheckinPartitionsBefore, ensureCheckinPartitions } from '../core/db/checkin-partitions.js';
import type { Database } from '../core/db/database.js';
import { addDays, vietnamDate } from '../core/domain/vietnam-date.js';

export const CHECKIN_RETENTION_QUEUE = 'checkin-retention';
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

export interface RetentionOptions {
  connection: Redis;
  prefix: string;
  db: Database;
  retentionDays: number;
  now(): Date;
  logger: Logger;
}

/** One maintenance pass now, then nightly: a BullMQ job scheduler (00:15 Vietnam time) and its worker. */
export async function startCheckinRetention(options: RetentionOptions): Promise<{ close(): Promise<void> }> {
  const { connection, prefix, logger } = options;
  // Today's partition must exist before the first check-in, not only after the first night.
  await maintainCheckinPartitions(options.db, options.now(), options.retentionDays);
  const queue = new Queue(CHECKIN_RETENTION_QUEUE, { connection, prefix });
  // Upserting the same scheduler id from every process leaves exactly one schedule.
  await queue.upsertJobScheduler(
    'nightly',
    { pattern: '15 0 * * *', tz: 'Asia/Ho_Chi_Minh' },
    { name: 'maintain', opts: { removeOnComplete: 30, removeOnFail: 30 } },
  );
  const worker = new Worker(
    CHECKIN_RETENTION_QUEUE,
    async () => {
      const dropped = await maintainCheckinPartitions(options.db, options.now(), options.retentionDays);
      if (dropped.length > 0) logger.info({ dropped }, 'check-in partitions dropped');
      return dropped;
    },
    { connection: connection.duplicate(), prefix },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'check-in retention worker error'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
