import { recordBatchSent, type SentRecord } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { failedOnRowValue } from '../core/db/sql-state.js';

interface Entry {
  record: SentRecord;
  settle(error?: unknown): void;
}

/**
 * Stores campaign sends as they come back, for every batch job of a worker process's routes at once: one statement
 * per flush, at most one flush running, so what returns while a flush commits goes in the next. One recorder per
 * batch flushed a few rows at a time (16 batches of a route sharing its 32 sends in flight): a statement and a
 * commit for every two or three sends, most of a blast's database round trips (bench/blast).
 */
export class SentRecorder {
  private pending: Entry[] = [];
  private flushing = false;

  constructor(private readonly db: Database) {}

  /** Resolves once this send is stored; rejects with the error of the statement that should have stored it. */
  record(record: SentRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ record, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const entries = this.pending;
      this.pending = [];
      await this.store(entries);
    }
    this.flushing = false;
  }

  /**
   * A send whose row the database refuses is sent again by its job's retry, so a statement that failed on one row's
   * value (a provider id already taken, say) is stored again in halves: only that send is rejected, not the hundred
   * that shared its flush, which would all have gone out twice. A database that is away fails them all at once.
   */
  private async store(entries: readonly Entry[]): Promise<void> {
    try {
      await recordBatchSent(
        this.db,
        entries.map((entry) => entry.record),
      );
    } catch (error) {
      if (entries.length > 1 && failedOnRowValue(error)) {
        const half = Math.ceil(entries.length / 2);
        await this.store(entries.slice(0, half));
        await this.store(entries.slice(half));
        return;
      }
      for (const entry of entries) entry.settle(error ?? new Error('storing sends failed'));
      return;
    }
    for (const entry of entries) entry.settle();
  }
}
