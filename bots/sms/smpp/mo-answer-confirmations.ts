import smpp from 'smpp';
import type { SmppSession } from './smpp-session.js';

/**
 * The MO answers not yet seen read by their SMSC, counted by MO (see moKey) for `keepMs`: shared by every process that
 * holds a bind to the same SMSCs, since the SMSC may deliver again on any of them.
 */
export interface AnswerLedger {
  add(key: string): Promise<void>;
  /** Takes one off each key's count (a confirmed answer, or a redelivery taken); resolves with which had one. */
  take(keys: readonly string[]): Promise<boolean[]>;
}

/** A ledger in this process's memory (a gateway on its own, its tests). */
export class LocalAnswerLedger implements AnswerLedger {
  /** Each key's answer times, the keys in the order of their latest answer (so the expired ones lead). */
  private readonly added = new Map<string, number[]>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keys held: those answered within the time kept, and not yet taken. */
  get size(): number {
    return this.added.size;
  }

  async add(key: string): Promise<void> {
    this.forgetExpired();
    const times = this.added.get(key) ?? [];
    this.added.delete(key);
    this.added.set(key, [...times, this.now()]);
  }

  async take(keys: readonly string[]): Promise<boolean[]> {
    const oldest = this.now() - this.keepMs;
    return keys.map((key) => {
      const times = (this.added.get(key) ?? []).filter((at) => at > oldest);
      const taken = times.shift() !== undefined;
      if (times.length === 0) this.added.delete(key);
      else this.added.set(key, times);
      return taken;
    });
  }

  /**
   * Drops the keys whose every answer is past its time. A lost answer whose MO never came again used to stay for
   * the process's life (Redis expires its keys; this must too).
   */
  private forgetExpired(): void {
    const oldest = this.now() - this.keepMs;
    for (const [key, times] of this.added) {
      if ((times.at(-1) ?? 0) > oldest) return;
      this.added.delete(key);
    }
  }
}

/**
 * SMPP 3.4 gives an MO no id of its own, so an SMSC that never read our answer to one (the bind dropped with the answer
 * on its way) delivers it again as a new PDU, and the citizen's "1" would be stored and answered twice — a second
 * answer the flow takes for the next question. This tells those redeliveries apart.
 *
 * Every answer "taken" goes into the ledger until the SMSC answers an enquire_link written after it (it reads the
 * connection in order). One goes out `probeDelayMs` after the first answer it covers, one at a time — an enquire_link
 * per answer had cost an MO burst (bench:mo) as much as the answers themselves. An answer a dropped bind never saw read
 * stays in the ledger, and the first MO within its time that is the same part from the same sender is taken as its
 * redelivery: answered, not stored again. A sender repeating the same words is taken as usual, unless the repeat
 * comes within that moment of the first (or of a bind dropping).
 */
export class MoAnswerConfirmations {
  /** Answers written on the current bind, oldest first, not yet seen read. */
  private unconfirmed: string[] = [];
  /** An enquire_link is out, or about to go. */
  private probing = false;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped on every bind change: a probe of an earlier bind confirms nothing. */
  private bind = 0;

  constructor(
    private readonly ledger: AnswerLedger,
    private readonly onLedgerError: (error: unknown) => void,
    private readonly probeDelayMs = 20,
  ) {}

  /** The MO `key` (see moKey) was answered "taken" on `session`; `written` is false when its bind could not carry it. */
  answered(session: SmppSession, key: string, written: boolean): void {
    this.ledger.add(key).catch(this.onLedgerError);
    if (!written) return;
    this.unconfirmed.push(key);
    this.probe(session);
  }

  /** The bind went down: what it answered and never saw read stays in the ledger. */
  down(): void {
    this.bind += 1;
    this.probing = false;
    clearTimeout(this.timer);
    this.unconfirmed = [];
  }

  /** The SMSC answered our unbind: it read every answer before it. */
  async unbound(): Promise<void> {
    const read = this.unconfirmed;
    this.down();
    await this.ledger.take(read);
  }

  /** True, once per lost answer, for an MO that is the redelivery of one answered on a dropped bind. */
  async isRedelivery(key: string): Promise<boolean> {
    const [taken] = await this.ledger.take([key]);
    return taken === true;
  }

  private probe(session: SmppSession): void {
    if (this.probing) return;
    this.probing = true;
    const bind = this.bind;
    this.timer = setTimeout(() => {
      const upTo = this.unconfirmed.length;
      this.probing = session.send(new smpp.PDU('enquire_link'), () => {
        if (bind !== this.bind) return;
        this.ledger.take(this.unconfirmed.splice(0, upTo)).catch(this.onLedgerError);
        this.probing = false;
        if (this.unconfirmed.length > 0) this.probe(session);
      });
    }, this.probeDelayMs);
    // A pending confirmation must not keep a stopping process alive.
    this.timer.unref();
  }
}

/** What makes two MO PDUs the same message part: sender, recipient, its place in a long message, and its text. */
export function moKey(
  from: string,
  to: string,
  concat: { ref: number; total: number; seq: number } | undefined,
  text: string,
) {
  return `${from}|${to}|${concat ? `${concat.ref}/${concat.total}/${concat.seq}` : ''}|${text}`;
}
