import { failedOnRowValue } from '../core/db/sql-state.js';

/**
 * Sends the channel took whose records could not be stored (the database failed the statement, or its connection
 * dropped): the job's retry in this process stores what is kept here instead of sending the message again, and a job
 * that gives up stores it before handing the rest on. Memory only: a process that dies loses them, and those go out
 * again. At most `capacity`, the oldest dropped first — they exist only while the database fails, and a retry comes
 * within seconds.
 */
export class UnrecordedSends<Sent> {
  private readonly kept = new Map<string, Sent>();

  constructor(private readonly capacity: number) {}

  /**
   * A store of this send failed. Kept when the database failed, for the retry to store; let go when the database
   * refused the row for a value it holds (a provider id it already has): that send goes out again, for a fresh id.
   */
  storeFailed(id: string, sent: Sent, error: unknown): void {
    this.kept.delete(id);
    if (failedOnRowValue(error)) return;
    this.kept.set(id, sent);
    if (this.kept.size > this.capacity) {
      const oldest = this.kept.keys().next();
      if (!oldest.done) this.kept.delete(oldest.value);
    }
  }

  get(id: string): Sent | undefined {
    return this.kept.get(id);
  }

  /** Forgets sends once stored. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.kept.delete(id);
  }
}
