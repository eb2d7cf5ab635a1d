import type { ConcatInfo } from './deliver-sm.js';

interface Part<T> {
  seq: number;
  text: string;
  meta: T;
}

interface PartialMessage<T> {
  total: number;
  parts: Map<number, Part<T>>;
  timer: NodeJS.Timeout;
}

/** A message whose parts are all here: its text, what came with its first part, and the parts themselves. */
export interface JoinedMessage<T> {
  key: string;
  total: number;
  text: string;
  meta: T;
  parts: readonly Part<T>[];
}

/**
 * Joins the parts of a long message a handset sent (a Vietnamese text with diacritics passes 70 characters quickly).
 * Parts may arrive in any order; the part that completes a message gets it back from add(), so its sender can answer
 * the SMSC once the message is stored. When one never comes, what did arrive goes to `onTimeout` after `timeoutMs`
 * rather than being lost.
 */
export class MoReassembly<T> {
  private readonly pending = new Map<string, PartialMessage<T>>();

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: (message: JoinedMessage<T>) => void,
  ) {}

  /** `key` names the conversation the part belongs to (sender, recipient, reference). */
  add(key: string, concat: ConcatInfo, text: string, meta: T): JoinedMessage<T> | undefined {
    let partial = this.pending.get(key);
    if (partial === undefined) {
      partial = { total: concat.total, parts: new Map(), timer: setTimeout(() => this.expire(key), this.timeoutMs) };
      this.pending.set(key, partial);
    }
    partial.parts.set(concat.seq, { seq: concat.seq, text, meta });
    return partial.parts.size >= partial.total ? this.take(key) : undefined;
  }

  /**
   * Puts a joined message's parts back but `seq`, which the SMSC will deliver again (its delivery was refused because
   * the message could not be stored): that part then completes the message again.
   */
  restore(message: JoinedMessage<T>, seq: number): void {
    for (const part of message.parts) {
      if (part.seq !== seq)
        this.add(message.key, { ref: 0, total: message.total, seq: part.seq }, part.text, part.meta);
    }
  }

  /** Takes every partial message as it stands, each with what arrived of it (on close: nobody else holds them). */
  takeAll(): JoinedMessage<T>[] {
    return [...this.pending.keys()].flatMap((key) => this.take(key) ?? []);
  }

  private expire(key: string): void {
    const message = this.take(key);
    if (message !== undefined) this.onTimeout(message);
  }

  private take(key: string): JoinedMessage<T> | undefined {
    const partial = this.pending.get(key);
    if (partial === undefined) return undefined;
    clearTimeout(partial.timer);
    this.pending.delete(key);
    const parts = [...partial.parts.values()].sort((a, b) => a.seq - b.seq);
    const first = parts[0];
    if (first === undefined) return undefined;
    return { key, total: partial.total, text: parts.map((part) => part.text).join(''), meta: first.meta, parts };
  }
}
