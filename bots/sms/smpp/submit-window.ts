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
  deadline: number;
  resolve: (messageId: string) => void;
  reject: (error: SendError) => void;
  expiry: NodeJS.Timeout;
  responseTimer?: NodeJS.Timeout;
}

const SLOW_DOWN = new Set<number>([SMPP_STATUS.ESME_RTHROTTLED, SMPP_STATUS.ESME_RMSGQFUL]);

/**
 * The submit side of a bind: parts queue here, leave at most `tps` a second and at most `size` unanswered at a time,
 * and survive the session they were sent on: on detach, parts the SMSC never answered go back to the front.
 */
export class SubmitWindow {
  readonly stats = { submitted: 0, throttled: 0 };
  private readonly bucket: TokenBucket;
  private readonly queue: Outgoing[] = [];
  private readonly inFlight = new Map<number, Outgoing>();
  private session: SmppSession | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SubmitWindowOptions) {
    // 20 ms worth of burst: enough to absorb timer lateness, small enough that an SMSC counting submits per
    // sliding second rarely sees more than the TPS it sold.
    this.bucket = new TokenBucket(options.tps, Math.max(1, Math.floor(options.tps / 50)));
  }

  /** Queues an encoded submit_sm to `destination` (digits); resolves with the message_id the SMSC gave it. */
  enqueue(destination: string, wire: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const outgoing: Outgoing = {
        destination,
        wire,
        deadline: Date.now() + this.options.submitTimeoutMs,
        resolve,
        reject,
        expiry: setTimeout(() => {
          // Only a part still waiting its turn gives up here; one with the SMSC waits for its answer.
          const index = this.queue.indexOf(outgoing);
          if (index < 0) return;
          this.queue.splice(index, 1);
          reject(this.unavailable(`could not send within ${this.options.submitTimeoutMs} ms`));
        }, this.options.submitTimeoutMs),
      };
      this.queue.push(outgoing);
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
    for (const outgoing of unanswered) clearTimeout(outgoing.responseTimer);
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
    for (const outgoing of this.queue.splice(0)) this.fail(outgoing, error);
  }

  /** Rejects everything, sent or not (on close). */
  failAll(error: SendError): void {
    this.failQueued(error);
    for (const outgoing of this.inFlight.values()) this.fail(outgoing, error);
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
    this.inFlight.set(sequence, outgoing);
    outgoing.responseTimer = setTimeout(() => {
      this.options.logger.warn('submit_sm unanswered; dropping the connection');
      session.destroy();
    }, this.options.responseTimeoutMs);
  }

  private onResponse({ sequence, status, messageId }: SubmitSmResp): void {
    const outgoing = this.inFlight.get(sequence);
    if (outgoing === undefined) return;
    this.inFlight.delete(sequence);
    clearTimeout(outgoing.responseTimer);
    if (status === SMPP_STATUS.ESME_ROK) {
      clearTimeout(outgoing.expiry);
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
      this.fail(outgoing, new PermanentSendError(statusCode(status), message, false));
    } else {
      this.fail(outgoing, new TransientSendError(statusCode(status), `submit_sm refused: ${describeStatus(status)}`));
    }
    this.pump();
  }

  private requeue(outgoings: Outgoing[], errorIfLate: SendError): void {
    const now = Date.now();
    const keep = outgoings.filter((outgoing) => {
      if (now < outgoing.deadline) return true;
      this.fail(outgoing, errorIfLate);
      return false;
    });
    this.queue.unshift(...keep);
  }

  private fail(outgoing: Outgoing, error: SendError): void {
    clearTimeout(outgoing.expiry);
    clearTimeout(outgoing.responseTimer);
    outgoing.reject(error);
  }

  private unavailable(reason: string): TransientSendError {
    return new TransientSendError('SMPP_UNAVAILABLE', `SMPP gateway "${this.options.gateway}" ${reason}`);
  }
}
