/**
 * Sends the channel took whose records could not be stored (the database failed the statement, or its connection
 * dropped): the job's retry in this process stores what is kept here instead of sending the message again, and a job
 * that gives up stores it before handing the rest on. Memory only: a process that dies loses them, and those few go
 * out again (the in-flight bound of a crash). At most `capacity`, the oldest dropped first — they exist only while
 * the database fails, and a retry comes within seconds.
 */
export class UnrecordedSends<Sent> {
  private readonly kept = new Map<string, Sent>();

  constructor(private readonly capacity: number) {}

  keep(id: string, sent: Sent): void {
    this.kept.delete(id);
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
