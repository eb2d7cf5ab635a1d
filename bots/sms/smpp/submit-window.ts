import type { Logger } from 'pino';
import {
  PermanentSendError,
  RateLimitedError,
  type SendError,
  TransientSendError,
} from '../../../core/channels/contract.js';
import { maskPhone } from '../../../core/text/index.js';
import type { SmppSession } from './smpp-session.js';
import { describeStatus, SMPP_STATUS, statusCode } from './smpp-status.js';
import type { SubmitSmResp } from './submit-sm-codec.js';
import { TokenBucket } from './token-bucket.js';

export interface SubmitWindowOptions {
  gateway: string;
  /** Most submit_sm awaiting their response at once. */
  size: number;
  tps: number;
  /** How long a part may wait for a session (and its turn) before a TransientSendError hands it back. */
  submitTimeoutMs: number;
  /** A submit_sm unanswered this long means a dead connection: it is dropped, and the part resent on the next. */
  responseTimeoutMs: number;
  /** Pause after ESME_RTHROTTLED / ESME_RMSGQFUL before sending again. */
  throttleBackoffMs: number;
  logger: Logger;
}

interface Outgoing {
  /** Digits, for error messages. */
  destination: string;
  /** The encoded submit_sm; the session writes a fresh sequence number into it each time it is sent. */
  wire: Buffer;
  /** Past this, a part still waiting its turn is handed back. */
  deadline: number;
  /** Past this, a part sent but unanswered means a dead connection. */
  answerBy: number;
  resolve: (messageId: string) => void;
  reject: (error: SendError) => void;
}

const SLOW_DOWN = new Set<number>([SMPP_STATUS.ESME_RTHROTTLED, SMPP_STATUS.ESME_RMSGQFUL]);
// Deadlines are checked by one timer a window rather than by two timers set and cleared for every part of a blast;
// a deadline is noticed at most this late, or a quarter of the shortest timeout when that is shorter.
const SWEEP_MS = 250;

/**
 * The submit side of a bind: parts queue here, leave at most `tps` a second and at most `size` unanswered at a time,
 * and survive the session they were sent on: on detach, parts the SMSC never answered go back to the front.
 */
export class SubmitWindow {
  readonly stats = { submitted: 0, throttled: 0 };
  private readonly bucket: TokenBucket;
  private readonly sweepMs: number;
  private readonly queue: Outgoing[] = [];
  private readonly inFlight = new Map<number, Outgoing>();
  private session: SmppSession | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SubmitWindowOptions) {
    // 20 ms worth of burst: enough to absorb timer lateness, small enough that an SMSC counting submits per
    // sliding second rarely sees more than the TPS it sold.
    this.bucket = new TokenBucket(options.tps, Math.max(1, Math.floor(options.tps / 50)));
    this.sweepMs = Math.min(SWEEP_MS, Math.min(options.submitTimeoutMs, options.responseTimeoutMs) / 4);
  }

  /** Queues an encoded submit_sm to `destination` (digits); resolves with the message_id the SMSC gave it. */
  enqueue(destination: string, wire: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + this.options.submitTimeoutMs;
      this.queue.push({ destination, wire, deadline, answerBy: 0, resolve, reject });
      this.startSweeping();
      this.pump();
    });
  }

  /** Starts sending over a freshly bound session. */
  attach(session: SmppSession): void {
    this.session = session;
    session.on('submit_sm_resp', (response) => {
      // Sequence numbers restart with every session: a late answer on an old one must not match a new submit.
      if (session === this.session) this.onResponse(response);
    });
    this.pump();
  }

  /** The session is gone: what it never answered is resent first, in order, on the next one. */
  detach(): void {
    this.session = undefined;
    const unanswered = [...this.inFlight.values()];
    this.inFlight.clear();
    this.requeue(unanswered, this.unavailable('lost its connection and did not get it back in time'));
  }

  /** Waits (up to `timeoutMs`) until every part sent has its answer. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Rejects every part not yet sent. */
  failQueued(error: SendError): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    for (const outgoing of this.queue.splice(0)) outgoing.reject(error);
  }

  /** Rejects everything, sent or not (on close). */
  failAll(error: SendError): void {
    this.failQueued(error);
    for (const outgoing of this.inFlight.values()) outgoing.reject(error);
    this.inFlight.clear();
  }

  private pump(): void {
    if (this.pumpTimer !== undefined) return;
    while (this.session !== undefined && this.queue.length > 0 && this.inFlight.size < this.options.size) {
      const wait = this.bucket.take();
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const outgoing = this.queue.shift();
      if (outgoing !== undefined) this.transmit(this.session, outgoing);
    }
  }

  private transmit(session: SmppSession, outgoing: Outgoing): void {
    const sequence = session.submitSm(outgoing.wire);
    if (sequence === undefined) {
      // The socket is already closing; the part waits for the session after the reconnect.
      this.queue.unshift(outgoing);
      this.session = undefined;
      return;
    }
    outgoing.answerBy = Date.now() + this.options.responseTimeoutMs;
    this.inFlight.set(sequence, outgoing);
  }

  private onResponse({ sequence, status, messageId }: SubmitSmResp): void {
    const outgoing = this.inFlight.get(sequence);
    if (outgoing === undefined) return;
    this.inFlight.delete(sequence);
    if (status === SMPP_STATUS.ESME_ROK) {
      this.stats.submitted += 1;
      outgoing.resolve(messageId ?? '');
    } else if (SLOW_DOWN.has(status)) {
      // Not a failure: the SMSC wants fewer submits a second. Pause, then resend this very part first.
      this.stats.throttled += 1;
      this.bucket.pause(this.options.throttleBackoffMs);
      const message = `SMSC kept throttling SMPP gateway "${this.options.gateway}" (${describeStatus(status)})`;
      this.requeue([outgoing], new RateLimitedError(statusCode(status), message, this.options.throttleBackoffMs));
    } else if (status === SMPP_STATUS.ESME_RINVDSTADR) {
      const message = `SMSC refused destination ${maskPhone(`+${outgoing.destination}`)}`;
      outgoing.reject(new PermanentSendError(statusCode(status), message, false));
    } else {
      outgoing.reject(new TransientSendError(statusCode(status), `submit_sm refused: ${describeStatus(status)}`));
    }
    this.pump();
  }

  private requeue(outgoings: Outgoing[], errorIfLate: SendError): void {
    const now = Date.now();
    const keep = outgoings.filter((outgoing) => {
      if (now < outgoing.deadline) return true;
      outgoing.reject(errorIfLate);
      return false;
    });
    this.queue.unshift(...keep);
  }

  private startSweeping(): void {
    if (this.sweepTimer !== undefined) return;
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepMs);
    // Deadlines never keep a process alive on their own: the socket or the reconnect timer does while there is work.
    this.sweepTimer.unref();
  }

  private sweep(): void {
    const now = Date.now();
    // Only a part still waiting its turn gives up here; one with the SMSC waits for its answer or the drop below.
    let kept = 0;
    for (const outgoing of this.queue) {
      if (now < outgoing.deadline) this.queue[kept++] = outgoing;
      else outgoing.reject(this.unavailable(`could not send within ${this.options.submitTimeoutMs} ms`));
    }
    this.queue.length = kept;
    for (const outgoing of this.inFlight.values()) {
      if (now < outgoing.answerBy) continue;
      this.options.logger.warn('submit_sm unanswered; dropping the connection');
      this.session?.destroy();
      break;
    }
    if (this.queue.length === 0 && this.inFlight.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private unavailable(reason: string): TransientSendError {
    return new TransientSendError('SMPP_UNAVAILABLE', `SMPP gateway "${this.options.gateway}" ${reason}`);
  }
}
