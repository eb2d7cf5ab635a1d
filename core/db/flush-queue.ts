/** A write waiting in a FlushQueue, told how it ended once its statement has run. */
export interface QueuedWrite<T, R> {
  readonly item: T;
  settle(outcome: { error: unknown } | { result: R }): void;
}

/**
 * Writes that arrive while one statement is running go together in the next: at most one statement at a time, as
 * many writes in it as came in meanwhile. A write per statement was a statement and a commit for each send of a
 * blast (bench/blast) and for each of the delivery receipts that follow it. `store` runs one statement (or, when it
 * must, several) for the writes it is given and settles every one of them.
 */
export class FlushQueue<T, R = void> {
  private pending: QueuedWrite<T, R>[] = [];
  private flushing = false;

  constructor(private readonly store: (writes: readonly QueuedWrite<T, R>[]) => Promise<void>) {}

  /** Resolves with this write's result once its statement has run; rejects with that statement's error. */
  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({
        item,
        settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.result)),
      });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const writes = this.pending;
      this.pending = [];
      try {
        await this.store(writes);
      } catch (error) {
        // A store that threw before settling its writes must not leave their callers waiting for ever.
        for (const write of writes) write.settle({ error });
      }
    }
    this.flushing = false;
  }
}
