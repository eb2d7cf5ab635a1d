import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import smpp from 'smpp';
import { TransientSendError } from '../../../core/channels/contract.js';
import type { ReceivedSm } from './deliver-sm-codec.js';
import { SmppSession } from './smpp-session.js';
import { describeStatus, SMPP_STATUS, statusCode } from './smpp-status.js';

export interface SmppConnectionOptions {
  name: string;
  url: string;
  systemId: string;
  password: string;
  /** PEM certificates trusted for an ssmpp:// SMSC. */
  ca?: string | undefined;
  enquireLinkMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** An unanswered bind (or enquire_link) this long means a hung SMSC: the connection is dropped and tried again. */
  responseTimeoutMs: number;
  logger: Logger;
}

export interface SmppConnectionEvents {
  up: [SmppSession];
  /** A bound session was lost, or a bind was refused (then the error is an SmppBindError). */
  down: [Error];
  deliver_sm: [SmppSession, ReceivedSm];
}

export class SmppBindError extends Error {
  readonly code: string;
  constructor(
    gateway: string,
    readonly status: number,
  ) {
    super(`SMSC refused the bind of SMPP gateway "${gateway}": ${describeStatus(status)}`);
    this.name = 'SmppBindError';
    this.code = statusCode(status);
  }
}

const BIND_REFUSALS = new Set<number>([
  SMPP_STATUS.ESME_RBINDFAIL,
  SMPP_STATUS.ESME_RINVPASWD,
  SMPP_STATUS.ESME_RINVSYSID,
]);
const SMPP_3_4 = 0x34;

/**
 * Keeps one bind_transceiver up: connects, binds, answers enquire_link / unbind, and after a drop
 * reconnects with exponential backoff and jitter.
 */
export class SmppConnection extends EventEmitter<SmppConnectionEvents> {
  readonly stats = { reconnects: 0 };
  private state: 'idle' | 'connecting' | 'up' | 'closed' = 'idle';
  private session: SmppSession | undefined;
  private refusal: SmppBindError | undefined;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SmppConnectionOptions) {
    super();
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  /** The last bind refusal for bad credentials, until a bind succeeds again. */
  get bindError(): SmppBindError | undefined {
    return this.refusal;
  }

  start(): void {
    if (this.state === 'idle') this.connect();
  }

  /** Resolves once bound; rejects with the SmppBindError when the SMSC refuses the credentials, or on timeout. */
  waitUntilUp(timeoutMs: number): Promise<void> {
    if (this.state === 'up') return Promise.resolve();
    if (this.refusal) return Promise.reject(this.refusal);
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.off('up', onUp).off('down', onDown);
        if (error) reject(error);
        else resolve();
      };
      const onUp = () => finish();
      const onDown = (error: Error) => (error instanceof SmppBindError ? finish(error) : undefined);
      const timer = setTimeout(() => {
        finish(new TransientSendError('SMPP_UNAVAILABLE', `SMPP gateway "${this.options.name}" not bound in time`));
      }, timeoutMs);
      this.on('up', onUp).on('down', onDown);
    });
  }

  /**
   * Stops reconnecting; when bound, runs `beforeUnbind` (to let answers arrive), unbinds and closes. Resolves true when
   * the SMSC answered the unbind: it had read everything written before.
   */
  async close(beforeUnbind: () => Promise<void>): Promise<boolean> {
    if (this.state === 'closed') return false;
    const wasUp = this.state === 'up';
    this.state = 'closed';
    clearTimeout(this.reconnectTimer);
    const session = this.session;
    if (session === undefined) return false;
    const closed = new Promise<void>((resolve) => session.once('close', resolve));
    let answered = false;
    if (wasUp) {
      await beforeUnbind();
      const unbound = new Promise<void>((resolve) => {
        const sent = session.send(new smpp.PDU('unbind'), () => {
          answered = true;
          resolve();
        });
        if (!sent) resolve();
      });
      await within(Promise.race([unbound, closed]), 2_000);
    }
    session.close();
    if (!(await within(closed, 2_000))) session.destroy();
    return answered;
  }

  private connect(): void {
    this.state = 'connecting';
    const { url, ca, enquireLinkMs, responseTimeoutMs } = this.options;
    const session = new SmppSession({ url, ca, enquireLinkMs, responseTimeoutMs });
    this.session = session;
    let lastError: Error | undefined;
    // Without an 'error' listener a refused connection or a reset would throw and take the process down.
    session.on('error', (error) => {
      lastError = error;
    });
    session.on('close', () => this.onClose(session, lastError));
    session.on('connect', () => {
      if (this.state !== 'closed') this.bind(session);
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('deliver_sm', (pdu) => this.emit('deliver_sm', session, pdu));
    // Some SMSCs deliver MO messages and receipts as data_sm (SMPP 3.4 §4.7): the same fields, the text in message_payload.
    session.on('data_sm', (pdu) => this.emit('deliver_sm', session, pdu));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      this.markDown(new Error('SMSC unbound'));
      session.close();
    });
  }

  private bind(session: SmppSession): void {
    const { systemId, password } = this.options;
    const pdu = new smpp.PDU('bind_transceiver', { system_id: systemId, password, interface_version: SMPP_3_4 });
    // An SMSC that accepts the TCP connection but never answers the bind is as down as one that refuses it.
    const timer = setTimeout(() => session.destroy(), this.options.responseTimeoutMs);
    const sent = session.send(pdu, (response) => {
      clearTimeout(timer);
      if (session !== this.session || this.state === 'closed') return;
      const status = response.command_status;
      if (status === SMPP_STATUS.ESME_ROK) {
        this.state = 'up';
        this.attempts = 0;
        this.refusal = undefined;
        this.options.logger.info('SMPP bound');
        this.emit('up', session);
        return;
      }
      const error = new SmppBindError(this.options.name, status);
      this.options.logger.error({ status: describeStatus(status) }, 'SMPP bind refused');
      // Wrong credentials do not fix themselves; retrying them quickly can get a carrier account locked.
      if (BIND_REFUSALS.has(status)) this.refusal = error;
      this.emit('down', error);
      session.close();
    });
    if (!sent) clearTimeout(timer);
  }

  private onClose(session: SmppSession, error: Error | undefined): void {
    if (session !== this.session) return;
    this.session = undefined;
    this.markDown(error ?? new Error('connection closed'));
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const { reconnectMinMs, reconnectMaxMs } = this.options;
    const ceiling = this.refusal ? reconnectMaxMs : Math.min(reconnectMaxMs, reconnectMinMs * 2 ** this.attempts);
    this.attempts += 1;
    this.stats.reconnects += 1;
    // Equal jitter: never sooner than half the backoff, and several binds do not hit a recovering SMSC in lockstep.
    const delay = ceiling / 2 + (Math.random() * ceiling) / 2;
    this.options.logger.warn({ err: error, delayMs: Math.round(delay) }, 'SMPP connection closed; reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private markDown(error: Error): void {
    if (this.state !== 'up') return;
    this.state = 'connecting';
    this.options.logger.warn({ err: error }, 'SMPP gateway down');
    this.emit('down', error);
  }
}

/** True when `promise` settles within `ms`; the timer never outlives the wait. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
