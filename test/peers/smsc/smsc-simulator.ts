import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { smsEncodingOf, splitSmsParts } from '../../../core/text/index.js';
import { deliveryReceiptFor, type SubmittedPdu, submittedPduOf } from './submitted-pdu.js';

export type { SubmittedPdu } from './submitted-pdu.js';

// Status codes written out here rather than shared with the gateway: a peer that agrees with the code under test by
// construction would prove nothing.
const ESME_RINVBNDSTS = 0x04;
const ESME_RINVDSTADR = 0x0b;
const ESME_RBINDFAIL = 0x0d;
const ESME_RTHROTTLED = 0x58;
// The ESME's "temporary application error": what it could not store, delivered again later as real SMSCs do.
const ESME_RX_T_APPN = 0x64;

export interface SmscSimulatorOptions {
  /** 0 (the default) picks a free port; restart() reuses whichever was picked. */
  port?: number;
  host?: string;
  systemId: string;
  password: string;
  /** Submits accepted per sliding second; more are answered ESME_RTHROTTLED. Unlimited when left out. */
  tps?: number;
  receiptDelayMs?: number;
  /** Destinations whose receipt says stat:UNDELIV. */
  failFor?: (destination: string) => boolean;
  /** Destinations refused at submit with ESME_RINVDSTADR. */
  rejectFor?: (destination: string) => boolean;
  /** Holds every submit_sm_resp this long, so that an ESME's send window fills up. */
  responseDelayMs?: number;
  /** A deliver_sm or data_sm the ESME refused with ESME_RX_T_APPN is delivered again this much later (100 ms). */
  redeliverAfterMs?: number;
  /** How many times an MO or receipt is delivered in all before the simulator gives up on it (5). */
  deliveryAttempts?: number;
  /** PEM key and certificate: serves ssmpp (SMPP over TLS). tls/ holds a pair for 127.0.0.1 and localhost. */
  tls?: { key: string; cert: string };
}

export interface SmscSimulatorStats {
  binds: number;
  bindFailures: number;
  unbinds: number;
  throttled: number;
  /** Most submit_sm one session had unanswered at once. */
  maxOutstanding: number;
}

export interface SmscSimulator {
  readonly port: number;
  readonly submitted: readonly SubmittedPdu[];
  readonly stats: SmscSimulatorStats;
  /**
   * Sends a message "from a handset" to the bound ESME: as deliver_sm parts (concatenated when long), or as one
   * data_sm with the text in message_payload, as some SMSCs do. A part the ESME refuses for now (ESME_RX_T_APPN) is
   * delivered again (see redeliverAfterMs); rejects once a part is refused otherwise, or every time.
   */
  injectMo(
    from: string,
    to: string,
    text: string,
    options?: {
      as?: 'deliver_sm' | 'data_sm';
      /** Parts (numbered from 1) the network loses: never delivered, so the ESME gets the message incomplete. */
      lose?: readonly number[];
      /**
       * Parts (numbered from 1; a data_sm is part 1) whose answer the network loses: the connection drops as the ESME
       * answers, and the part is delivered again on its next bind, as a new PDU — an SMSC never heard it was taken.
       */
      answerLost?: readonly number[];
    },
  ): Promise<void>;
  /**
   * Crashes: stops answering at once, forgets pending answers and receipts, stops listening and drops every
   * connection without an unbind. By default the connections end with a FIN, which still delivers the answers
   * written before the crash, so "answered" means "taken" and tests can count exactly. `reset: true` destroys them
   * (RST) instead, which can discard answers already written: the ESME then resends messages the SMSC did take —
   * SMPP's at-least-once across a real crash.
   */
  kill(options?: { reset?: boolean }): void;
  /** Hangs: the current connections stay open but nothing on them is answered any more; new ones are served. */
  freeze(): void;
  /** Listens again on the same port after kill(). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts an SMPP 3.4 SMSC for tests and demos (see main.ts for the command-line version). */
export async function startSmscSimulator(options: SmscSimulatorOptions): Promise<SmscSimulator> {
  const simulator = new Simulator(options);
  await simulator.listen(options.port ?? 0);
  return simulator;
}

class Simulator implements SmscSimulator {
  readonly submitted: SubmittedPdu[] = [];
  readonly stats: SmscSimulatorStats = { binds: 0, bindFailures: 0, unbinds: 0, throttled: 0, maxOutstanding: 0 };
  port = 0;
  private readonly server: Server;
  private readonly bound = new Map<Session, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly crashed = new WeakSet<Session>();
  private readonly undeliveredReceipts: PDU[] = [];
  private acceptedAt: number[] = [];
  private lastMessageId = 0;
  private moReference = 0;

  constructor(private readonly options: SmscSimulatorOptions) {
    const listener = (session: Session) => this.onSession(session);
    this.server = options.tls ? smpp.createServer(options.tls, listener) : smpp.createServer(listener);
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  restart(): Promise<void> {
    return this.listen(this.port);
  }

  kill(options: { reset?: boolean } = {}): void {
    this.forget();
    if (this.server.listening) this.server.close();
    for (const session of [...this.server.sessions]) {
      this.crashed.add(session);
      if (options.reset) {
        session.destroy();
      } else {
        // FIN after the answers already written, and whatever arrives later read and ignored: an RST would make
        // the kernel throw those answers away, and the ESME resend what the SMSC took (see the interface).
        session.close();
        setTimeout(() => session.destroy(), 1_000).unref();
      }
    }
  }

  freeze(): void {
    for (const session of this.server.sessions) this.crashed.add(session);
  }

  async close(): Promise<void> {
    this.forget();
    for (const session of [...this.server.sessions]) session.destroy();
    if (this.server.listening) await new Promise((resolve) => this.server.close(resolve));
  }

  async injectMo(
    from: string,
    to: string,
    text: string,
    options: { as?: 'deliver_sm' | 'data_sm'; lose?: readonly number[]; answerLost?: readonly number[] } = {},
  ): Promise<void> {
    let session = this.bound.keys().next().value;
    if (session === undefined) throw new Error('no ESME is bound to the SMSC simulator');
    const dataCoding = smsEncodingOf(text) === 'gsm7' ? 0 : 8;
    const addresses = {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from.replace(/^\+/, ''),
      destination_addr: to,
    };
    if (options.as === 'data_sm') {
      await this.sendMo(
        session,
        new smpp.PDU('data_sm', { ...addresses, data_coding: dataCoding, message_payload: text }),
        options.answerLost?.includes(1),
      );
      return;
    }
    const parts = splitSmsParts(text);
    this.moReference = (this.moReference + 1) & 0xff;
    for (const [index, part] of parts.entries()) {
      if (options.lose?.includes(index + 1)) continue;
      const udh = Buffer.from([5, 0, 3, this.moReference, parts.length, index + 1]);
      const pdu = new smpp.PDU('deliver_sm', {
        ...addresses,
        data_coding: dataCoding,
        // The library encodes the text by data_coding and sets UDHI in esm_class when a UDH is given.
        short_message: parts.length === 1 ? part : { udh, message: part },
      });
      // The next part goes on whichever bind took this one (another, when its answer was lost).
      session = await this.sendMo(session, pdu, options.answerLost?.includes(index + 1));
    }
  }

  /**
   * Sends one MO PDU, again while the ESME refuses it for now, and waits for the ESME to take it. With `answerLost`,
   * the connection drops as the first answer comes, and the PDU goes again on the next bind. Returns the session
   * that took it.
   */
  private async sendMo(first: Session, pdu: PDU, answerLost = false): Promise<Session> {
    const attempts = this.options.deliveryAttempts ?? 5;
    let session = first;
    if (answerLost) {
      await this.answerTo(session, pdu, true);
      session = await this.nextBind(session);
      pdu.sequence_number = 0;
    }
    for (let attempt = 1; ; attempt += 1) {
      const status = await this.answerTo(session, pdu);
      if (status === 0) return session;
      if (status !== ESME_RX_T_APPN || attempt >= attempts) {
        throw new Error(`the ESME answered the ${pdu.command} with status 0x${status.toString(16)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.redeliverAfterMs ?? 100));
      // Delivered again as an SMSC retries from its store: a new PDU with a sequence number of its own, so nothing in
      // it tells the ESME that it saw this message before (SMPP 3.4 gives an MO no message id).
      pdu.sequence_number = 0;
    }
  }

  /**
   * Sends a request and resolves with the command_status the ESME answers it with; with `dropOnAnswer`, the connection
   * is destroyed as that answer arrives, before anything after it is read.
   */
  private answerTo(session: Session, pdu: PDU, dropOnAnswer = false): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const closed = () => reject(new Error('the ESME went away before answering the MO'));
      session.once('close', closed);
      const sent = session.send(pdu, (response) => {
        session.off('close', closed);
        if (dropOnAnswer) {
          this.crashed.add(session);
          session.destroy();
        }
        resolve(response.command_status);
      });
      if (!sent) closed();
    });
  }

  /** The next session bound after `gone` (the ESME reconnecting), within ten seconds. */
  private async nextBind(gone: Session): Promise<Session> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const session = [...this.bound.keys()].find((bound) => bound !== gone);
      if (session !== undefined) return session;
      if (Date.now() > deadline) throw new Error('the ESME did not bind again');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private onSession(session: Session): void {
    const state = { outstanding: 0 };
    // A client resetting its connection is part of the job, not a crash of the simulator.
    session.on('error', () => undefined);
    // Every MO in flight listens for the session's close (sendMo): thousands at once are a load test, not a leak.
    session.setMaxListeners(0);
    session.on('close', () => this.bound.delete(session));
    session.on('pdu', (pdu) => {
      if (this.crashed.has(session) || pdu.isResponse()) return;
      switch (pdu.command) {
        case 'bind_transceiver':
        case 'bind_transmitter':
        case 'bind_receiver':
          return this.onBind(session, pdu);
        case 'submit_sm':
          return this.onSubmit(session, pdu, state);
        case 'unbind':
          this.stats.unbinds += 1;
          this.bound.delete(session);
          session.send(pdu.response());
          return session.close();
        default:
          // enquire_link, and a generic_nack for a command the library does not know.
          session.send(pdu.response());
      }
    });
  }

  private onBind(session: Session, pdu: PDU): void {
    if (pdu.system_id !== this.options.systemId || pdu.password !== this.options.password) {
      this.stats.bindFailures += 1;
      session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
      session.close();
      return;
    }
    this.stats.binds += 1;
    this.bound.set(session, pdu.system_id);
    session.send(pdu.response({ system_id: 'SMSCSIM' }));
    for (const receipt of this.undeliveredReceipts.splice(0)) this.deliver(receipt);
  }

  private onSubmit(session: Session, pdu: PDU, state: { outstanding: number }): void {
    const systemId = this.bound.get(session);
    if (systemId === undefined) return void session.send(pdu.response({ command_status: ESME_RINVBNDSTS }));
    if (this.overTps()) {
      this.stats.throttled += 1;
      return void session.send(pdu.response({ command_status: ESME_RTHROTTLED }));
    }
    if (this.options.rejectFor?.(pdu.destination_addr ?? '')) {
      return void session.send(pdu.response({ command_status: ESME_RINVDSTADR }));
    }
    state.outstanding += 1;
    this.stats.maxOutstanding = Math.max(this.stats.maxOutstanding, state.outstanding);
    // A message counts as taken when it is answered: a crash before that loses it, as the ESME will assume.
    this.later(this.options.responseDelayMs ?? 0, () => {
      state.outstanding -= 1;
      if (!session.socket.writable) return;
      const record = this.record(pdu, systemId);
      session.send(pdu.response({ message_id: record.messageId }));
      if ((record.registeredDelivery & 0x03) !== 0) {
        this.later(this.options.receiptDelayMs ?? 200, () => this.deliver(this.receiptFor(record)));
      }
    });
  }

  private overTps(): boolean {
    const tps = this.options.tps;
    if (tps === undefined) return false;
    const now = Date.now();
    this.acceptedAt = this.acceptedAt.filter((time) => time > now - 1000);
    if (this.acceptedAt.length >= tps) return true;
    this.acceptedAt.push(now);
    return false;
  }

  private record(pdu: PDU, systemId: string): SubmittedPdu {
    this.lastMessageId += 1;
    const record = submittedPduOf(pdu, systemId, this.lastMessageId.toString(16).padStart(8, '0'));
    this.submitted.push(record);
    return record;
  }

  private receiptFor(record: SubmittedPdu): PDU {
    return deliveryReceiptFor(record, !this.options.failFor?.(record.destination));
  }

  /**
   * Receipts go to any bound ESME; with none bound they wait for the next bind, as a real SMSC stores them. One the
   * ESME refuses for now (ESME_RX_T_APPN) is delivered again later.
   */
  private deliver(pdu: PDU, attempt = 1): void {
    const session = this.bound.keys().next().value;
    const sent =
      session?.send(pdu, (response) => {
        if (response.command_status !== ESME_RX_T_APPN || attempt >= (this.options.deliveryAttempts ?? 5)) return;
        this.later(this.options.redeliverAfterMs ?? 100, () => {
          pdu.sequence_number = 0;
          this.deliver(pdu, attempt + 1);
        });
      }) ?? false;
    if (!sent) this.undeliveredReceipts.push(pdu);
  }

  private later(ms: number, action: () => void): void {
    if (ms <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private forget(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.undeliveredReceipts.length = 0;
    this.bound.clear();
  }
}
