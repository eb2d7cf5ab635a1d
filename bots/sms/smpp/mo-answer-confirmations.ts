import smpp from 'smpp';
import type { SmppSession } from './smpp-session.js';

/**
 * SMPP 3.4 gives an MO no id of its own, so an SMSC that never read our answer to one (the bind dropped with the answer
 * on its way) delivers it again as a new PDU, and the citizen's "1" would be stored and answered twice — a second
 * answer the flow takes for the next question. This tells those redeliveries apart.
 *
 * An answer counts as read once the SMSC answers an enquire_link written after it: it reads the connection in order.
 * One goes out `probeDelayMs` after the first answer it covers, one at a time — an enquire_link per answer had cost an
 * MO burst (bench:mo) as much as the answers themselves — so an answer stays unconfirmed for that and a round trip.
 * Answers still unconfirmed when their bind goes down may never have arrived: the first MO within `keepMs` that is the
 * same part from the same sender is taken as its redelivery — answered, not stored again. A sender repeating the same
 * words is taken as usual, unless it happened within that moment of a bind dropping.
 */
export class MoAnswerConfirmations {
  /** Answers written on the current bind, oldest first, not yet seen read. */
  private unconfirmed: string[] = [];
  /** An enquire_link is out, or about to go. */
  private probing = false;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped on every bind change: a probe of an earlier bind confirms nothing. */
  private bind = 0;
  /** Answers a dropped bind may have lost, by MO, with when the bind dropped. */
  private readonly suspects = new Map<string, number[]>();

  constructor(
    private readonly keepMs: number,
    private readonly probeDelayMs = 20,
    private readonly now: () => number = Date.now,
  ) {}

  /** The MO `key` (see moKey) was answered "taken" on `session`; `written` is false when its bind could not carry it. */
  answered(session: SmppSession, key: string, written: boolean): void {
    if (!written) {
      this.suspect(key, this.now());
      return;
    }
    this.unconfirmed.push(key);
    this.probe(session);
  }

  /** The bind went down: what it answered and never saw read may come again. */
  down(): void {
    this.bind += 1;
    this.probing = false;
    clearTimeout(this.timer);
    const at = this.now();
    for (const key of this.unconfirmed) this.suspect(key, at);
    this.unconfirmed = [];
  }

  /** True, once, for an MO that is the redelivery of one answered on a dropped bind. */
  isRedelivery(key: string): boolean {
    this.expire();
    const times = this.suspects.get(key);
    if (times === undefined) return false;
    times.shift();
    if (times.length === 0) this.suspects.delete(key);
    return true;
  }

  private suspect(key: string, at: number): void {
    this.suspects.set(key, [...(this.suspects.get(key) ?? []), at]);
  }

  private probe(session: SmppSession): void {
    if (this.probing) return;
    this.probing = true;
    const bind = this.bind;
    this.timer = setTimeout(() => {
      const upTo = this.unconfirmed.length;
      this.probing = session.send(new smpp.PDU('enquire_link'), () => {
        if (bind !== this.bind) return;
        this.unconfirmed.splice(0, upTo);
        this.probing = false;
        if (this.unconfirmed.length > 0) this.probe(session);
      });
    }, this.probeDelayMs);
    // A pending confirmation must not keep a stopping process alive.
    this.timer.unref();
  }

  private expire(): void {
    const oldest = this.now() - this.keepMs;
    for (const [key, times] of this.suspects) {
      const kept = times.filter((at) => at > oldest);
      if (kept.length === 0) this.suspects.delete(key);
      else this.suspects.set(key, kept);
    }
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
