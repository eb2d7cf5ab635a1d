import { recordBatchSent, type SentRecord } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';

/**
 * Stores campaign sends as they come back, for every batch job of a worker process's routes at once: one statement
 * per flush, at most one flush running, so what returns while a flush commits goes in the next. One recorder per
 * batch flushed a few rows at a time (16 batches of a route sharing its 32 sends in flight): a statement and a
 * commit for every two or three sends, most of a blast's database round trips (bench/blast).
 */
export class SentRecorder {
  private pending: { record: SentRecord; settle(error?: unknown): void }[] = [];
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
      let failure: unknown;
      try {
        await recordBatchSent(
          this.db,
          entries.map((entry) => entry.record),
        );
      } catch (error) {
        failure = error ?? new Error('storing sends failed');
      }
      for (const entry of entries) entry.settle(failure);
    }
    this.flushing = false;
  }
}
