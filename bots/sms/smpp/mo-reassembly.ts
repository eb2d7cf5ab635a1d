import type { ConcatInfo } from './deliver-sm.js';

interface PartialMessage<T> {
  total: number;
  parts: Map<number, { text: string; meta: T }>;
  timer: NodeJS.Timeout;
}

/**
 * Joins the parts of a long message a handset sent (a Vietnamese text with diacritics passes 70 characters quickly).
 * Parts may arrive in any order; when one never comes, what did arrive is passed on after `timeoutMs` rather than lost.
 */
export class MoReassembly<T> {
  private readonly pending = new Map<string, PartialMessage<T>>();

  constructor(
    private readonly timeoutMs: number,
    /** Receives the joined text and what was passed along with the first part present. */
    private readonly onMessage: (text: string, meta: T) => void,
  ) {}

  /** `key` names the conversation the part belongs to (sender, recipient, reference). */
  add(key: string, concat: ConcatInfo, text: string, meta: T): void {
    let partial = this.pending.get(key);
    if (partial === undefined) {
      partial = { total: concat.total, parts: new Map(), timer: setTimeout(() => this.flush(key), this.timeoutMs) };
      this.pending.set(key, partial);
    }
    partial.parts.set(concat.seq, { text, meta });
    if (partial.parts.size >= partial.total) this.flush(key);
  }

  /** Drops every partial message and its timer (on close). */
  clear(): void {
    for (const partial of this.pending.values()) clearTimeout(partial.timer);
    this.pending.clear();
  }

  private flush(key: string): void {
    const partial = this.pending.get(key);
    if (partial === undefined) return;
    clearTimeout(partial.timer);
    this.pending.delete(key);
    const ordered = [...partial.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
    const first = ordered[0];
    if (first !== undefined) this.onMessage(ordered.map((part) => part.text).join(''), first.meta);
  }
}
