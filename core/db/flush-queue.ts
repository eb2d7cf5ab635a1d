/** A write waiting in a FlushQueue, told how it ended once its statement has run. */
export interface QueuedWrite<T, R> {
  readonly item: T;
  settle(outcome: { error: unknown } | { result: R }): void;
}

/**
 * Writes that arrive while a statement is running go together in the next: at most `lanes` statements at a time, as
 * many writes in each as came in meanwhile. A write per statement was a statement and a commit for each send of a
 * blast (bench/blast) and for each of the delivery receipts that follow it. More than one lane lets a statement run
 * while another waits for its commit to reach the disk (a flush of 40 sends took as long as one of 100: ~7 ms, mostly
 * the commit), so writes wait less; it needs as many connections, and writes that never touch the same rows (two
 * lanes' statements commit in either order). `store` runs one statement (or, when it must, several) for the writes
 * it is given and settles every one of them.
 */
export class FlushQueue<T, R = void> {
  private pending: QueuedWrite<T, R>[] = [];
  private running = 0;

  constructor(
    private readonly store: (writes: readonly QueuedWrite<T, R>[]) => Promise<void>,
    private readonly lanes = 1,
  ) {}

  /** Resolves with this write's result once its statement has run; rejects with that statement's error. */
  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({
        item,
        settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.result)),
      });
      this.startFlushes();
    });
  }

  private startFlushes(): void {
    while (this.running < this.lanes && this.pending.length > 0) {
      const writes = this.pending;
      this.pending = [];
      this.running += 1;
      void this.flush(writes);
    }
  }

  private async flush(writes: QueuedWrite<T, R>[]): Promise<void> {
    try {
      await this.store(writes);
    } catch (error) {
      // A store that threw before settling its writes must not leave their callers waiting for ever.
      for (const write of writes) write.settle({ error });
    } finally {
      this.running -= 1;
      this.startFlushes();
    }
  }
}
