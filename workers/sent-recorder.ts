import { recordBatchSent, type SentRecord } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { FlushQueue, type QueuedWrite } from '../core/db/flush-queue.js';
import { failedOnRowValue } from '../core/db/sql-state.js';

/**
 * Flushes of sends that may run at once, each on a connection of its own. A send holds its place in the bind's window
 * until its flush commits, and a flush's time is mostly its commit whatever its size: with one at a time, a send
 * waited for the flush before its own, then its own (bench/blast).
 */
export const SENT_RECORDER_LANES = 2;

/**
 * Stores campaign sends as they come back, for every batch job of a worker process's routes at once: one statement
 * per flush, at most SENT_RECORDER_LANES flushes running, so what returns meanwhile goes in the next. One recorder per
 * batch flushed a few rows at a time (16 batches of a route sharing its 32 sends in flight): a statement and a
 * commit for every two or three sends, most of a blast's database round trips (bench/blast). No two flushes hold
 * the same send, so they commit in any order.
 */
export class SentRecorder {
  private readonly queue = new FlushQueue<SentRecord>((writes) => this.store(writes), SENT_RECORDER_LANES);

  constructor(private readonly db: Database) {}

  /** Resolves once this send is stored; rejects with the error of the statement that should have stored it. */
  record(record: SentRecord): Promise<void> {
    return this.queue.add(record);
  }

  /**
   * A send whose row the database refuses is sent again by its job's retry, so a statement that failed on one row's
   * value (a provider id already taken, say) is stored again in halves: only that send is rejected, not the hundred
   * that shared its flush, which would all have gone out twice. A database that is away fails them all at once.
   */
  private async store(writes: readonly QueuedWrite<SentRecord, void>[]): Promise<void> {
    try {
      await recordBatchSent(
        this.db,
        writes.map((write) => write.item),
      );
    } catch (error) {
      if (writes.length > 1 && failedOnRowValue(error)) {
        const half = Math.ceil(writes.length / 2);
        await this.store(writes.slice(0, half));
        await this.store(writes.slice(half));
        return;
      }
      for (const write of writes) write.settle({ error: error ?? new Error('storing sends failed') });
      return;
    }
    for (const write of writes) write.settle({ result: undefined });
  }
}
