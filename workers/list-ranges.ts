/** Where an uploaded list's cursor may move once a page has committed: every row up to `to` planned. */
export interface ListCursorMove {
  to: number;
  /** The list's last row is planned too. */
  done: boolean;
}

/**
 * Hands out an uploaded list's pages in order to lanes planning them side by side, and tells how far the list is
 * planned without a gap: pages commit in any order, and the cursor may only pass a page once it and every page before
 * it have committed (a worker that dies in between plans the gap again, which adds nothing).
 */
export class ListRanges {
  private next: number;
  private planned: number;
  private readonly committed = new Set<number>();
  /** Where the first page shorter than a full one starts: the list ends in it. */
  private lastPage = Number.POSITIVE_INFINITY;

  constructor(
    after: number,
    private readonly pageSize: number,
  ) {
    this.next = after;
    this.planned = after;
  }

  /** The row after which the next page starts, or undefined once the list's end has been seen. */
  take(): number | undefined {
    if (this.next > this.lastPage) return undefined;
    const after = this.next;
    this.next += this.pageSize;
    return after;
  }

  /** Records a committed page that held `count` rows; returns where the cursor may now move, if anywhere. */
  commit(after: number, count: number): ListCursorMove | undefined {
    if (count < this.pageSize) this.lastPage = Math.min(this.lastPage, after);
    this.committed.add(after);
    const from = this.planned;
    while (this.committed.delete(this.planned)) this.planned += this.pageSize;
    if (this.planned === from) return undefined;
    return { to: this.planned, done: this.planned > this.lastPage };
  }
}
