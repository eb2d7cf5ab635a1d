import { EventEmitter } from 'node:events';
import pino, { type Logger } from 'pino';
import {
  type DeliveryUpdate,
  type InboundEvent,
  PermanentSendError,
  TransientSendError,
} from '../../../core/channels/contract.js';
import { normalizeVietnamesePhone } from '../../../core/text/index.js';
import {
  type ConcatInfo,
  concatInfoOf,
  deliverSmText,
  isDeliveryReceipt,
  isMobileOriginated,
  parseReceipt,
} from './deliver-sm.js';
import type { ReceivedSm } from './deliver-sm-codec.js';
import type { SmppGatewayConfig } from './gateway-config.js';
import { type AnswerLedger, LocalAnswerLedger, MoAnswerConfirmations, moKey } from './mo-answer-confirmations.js';
import { MoReassembly } from './mo-reassembly.js';
import { SmppBindError, SmppConnection } from './smpp-connection.js';
import type { SmppSession } from './smpp-session.js';
import { SMPP_STATUS } from './smpp-status.js';
import { buildSubmitParts, type SubmitPart, withConcatReference } from './submit-parts.js';
import { encodeSubmitSm, SmppCodecError, type SubmitSm } from './submit-sm-codec.js';
import { SubmitWindow } from './submit-window.js';

export const SMS_CHANNEL = 'sms';

export interface SmppGatewayOptions extends SmppGatewayConfig {
  enquireLinkMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long submit() waits for a bind (and its turn) before a TransientSendError hands the message back. */
  submitTimeoutMs?: number;
  /** An unanswered bind or submit_sm this long drops the connection (the part is resent on the next). */
  responseTimeoutMs?: number;
  /** Pause after ESME_RTHROTTLED / ESME_RMSGQFUL before sending again. */
  throttleBackoffMs?: number;
  /** How long the parts of a long MO wait for the missing ones before what arrived is passed on. */
  moReassemblyMs?: number;
  /** First wait before an incomplete MO whose store failed is stored again (doubling each time). */
  incompleteMoRetryMs?: number;
  /**
   * Where the MO answers not yet seen read are kept, to tell an SMSC's redelivery from a new message: shared (Redis)
   * where several processes bind to the same SMSCs; this process's memory, for 10 minutes, when left out.
   */
  answerLedger?: AnswerLedger;
  logger?: Logger;
}

/**
 * Where what the SMSC delivers goes. The SMSC hears that a deliver_sm was taken only once its promise resolves (the
 * message or receipt stored); a rejection answers ESME_RX_T_APPN, and the SMSC delivers it again later: a database
 * that is away loses no citizen's SMS.
 */
export interface SmppInbox {
  /** A message from a handset (long ones reassembled). */
  mo(event: InboundEvent): Promise<void>;
  /** A delivery receipt, keyed by the message_id the SMSC gave the part. */
  receipt(update: DeliveryUpdate): Promise<void>;
}

export interface SmppGatewayEvents {
  up: [];
  /** A bound session was lost, or a bind was refused (then the error is an SmppBindError). */
  down: [Error];
}

interface MoOrigin {
  from: string;
  id: string;
}

/** An MO part as it arrived: who sent it and under which id, its place in a long message, its text, its ledger key. */
interface ReceivedMo {
  origin: MoOrigin;
  concat: ConcatInfo | undefined;
  text: string;
  key: string;
}

const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_ISDN = 1;
const REGISTERED_DELIVERY_FINAL = 1;
const E164 = /^\+\d{6,15}$/;
// An incomplete MO's store is tried this many times in all: over about six minutes with the default first wait.
const INCOMPLETE_MO_ATTEMPTS = 12;
/** How long an answer a dropped bind may have lost is remembered: an SMSC delivers again within minutes. */
export const MO_REDELIVERY_MS = 10 * 60_000;
// Nothing arrives before start() binds; were it to, it would be refused for the SMSC to deliver again, never dropped.
const NOT_STARTED: SmppInbox = {
  mo: () => Promise.reject(new Error('SMPP gateway not started')),
  receipt: () => Promise.reject(new Error('SMPP gateway not started')),
};

/**
 * One carrier bind as a channel endpoint: submit() sends an SMS (split, encoded, windowed, paced, resent after a
 * drop), and the events carry what the SMSC delivers — MO messages and delivery receipts.
 */
export class SmppGateway extends EventEmitter<SmppGatewayEvents> {
  readonly name: string;
  readonly prefixes: readonly string[];
  /** The submits per second the carrier sold for this bind. */
  readonly tps: number;
  /** Most submits unanswered at once, as the carrier allows. */
  readonly window: number;
  private readonly connection: SmppConnection;
  private readonly submitWindow: SubmitWindow;
  private readonly reassembly: MoReassembly<MoOrigin>;
  private readonly incompleteRetryMs: number;
  private readonly confirmations: MoAnswerConfirmations;
  /** Incomplete MOs waiting to be stored again, by their timer. */
  private readonly incompleteRetries = new Map<NodeJS.Timeout, { origin: MoOrigin; text: string }>();
  private readonly responseTimeoutMs: number;
  private readonly source: Pick<SubmitSm, 'source_addr_ton' | 'source_addr_npi' | 'source_addr'>;
  private readonly logger: Logger;
  private inbox: SmppInbox = NOT_STARTED;
  private closed = false;
  private bindId = '';
  private concatRef = Math.floor(Math.random() * 256);

  constructor(config: SmppGatewayOptions) {
    super();
    this.name = config.name;
    this.prefixes = config.prefixes;
    this.tps = config.tps;
    this.window = config.window;
    this.responseTimeoutMs = config.responseTimeoutMs ?? 10_000;
    const alphanumeric = /\D/.test(config.source);
    this.source = {
      // A brandname is an alphanumeric address; a short code's TON is left for the SMSC to interpret.
      source_addr_ton: alphanumeric ? TON_ALPHANUMERIC : 0,
      source_addr_npi: alphanumeric ? 0 : NPI_ISDN,
      source_addr: config.source,
    };
    const logger = (config.logger ?? pino({ enabled: false })).child({ gateway: config.name });
    this.logger = logger;
    this.connection = new SmppConnection({
      ...config,
      enquireLinkMs: config.enquireLinkMs ?? 30_000,
      reconnectMinMs: config.reconnectMinMs ?? 500,
      reconnectMaxMs: config.reconnectMaxMs ?? 30_000,
      responseTimeoutMs: this.responseTimeoutMs,
      logger,
    });
    this.submitWindow = new SubmitWindow({
      gateway: config.name,
      size: config.window,
      tps: config.tps,
      submitTimeoutMs: config.submitTimeoutMs ?? 30_000,
      responseTimeoutMs: this.responseTimeoutMs,
      throttleBackoffMs: config.throttleBackoffMs ?? 1_000,
      logger,
    });
    // Parts whose last never came have all been answered already: the SMSC will not deliver them again, so what
    // arrived is stored, trying again while the store fails (the database away).
    this.incompleteRetryMs = config.incompleteMoRetryMs ?? 1_000;
    this.confirmations = new MoAnswerConfirmations(
      config.answerLedger ?? new LocalAnswerLedger(MO_REDELIVERY_MS),
      (error) => this.logger.warn({ err: error }, 'MO answers ledger not updated'),
    );
    this.reassembly = new MoReassembly(config.moReassemblyMs ?? 60_000, (message) =>
      this.storeIncomplete(message.meta, message.text, 1),
    );
    this.connection.on('up', (session) => {
      // Sequence numbers restart with every bind; the bind's start makes "<gateway>-<bind>-<sequence>" unique.
      this.bindId = Date.now().toString(36);
      this.submitWindow.attach(session);
      this.emit('up');
    });
    this.connection.on('down', (error) => {
      this.submitWindow.detach();
      this.confirmations.down();
      // Bad credentials will not be fixed by waiting: hand the queued messages back now (another gateway may take them).
      if (error instanceof SmppBindError && this.connection.bindError) {
        this.submitWindow.failQueued(new TransientSendError('SMPP_BIND_REFUSED', error.message));
      }
      this.emit('down', error);
    });
    this.connection.on('deliver_sm', (session, pdu) => this.onDeliverSm(session, pdu));
  }

  get isUp(): boolean {
    return this.connection.isUp;
  }

  /** Counters for metrics and benchmarks. */
  get stats(): { submitted: number; throttled: number; reconnects: number } {
    return { ...this.submitWindow.stats, reconnects: this.connection.stats.reconnects };
  }

  /** Starts connecting, handing what the SMSC delivers to `inbox`; the bind is kept up (reconnecting) until close(). */
  start(inbox: SmppInbox): void {
    this.inbox = inbox;
    this.connection.start();
  }

  /** Resolves once bound; rejects with the SmppBindError when the SMSC refuses the credentials, or on timeout. */
  waitUntilUp(timeoutMs: number): Promise<void> {
    return this.connection.waitUntilUp(timeoutMs);
  }

  /**
   * Sends an SMS to an E.164 number — GSM-7 when every character allows it, else UCS-2; concatenated parts when long —
   * and resolves with each part's SMSC message_id. While the bind is down it waits for the reconnect; past
   * submitTimeoutMs it throws a TransientSendError so the caller's queue retries.
   */
  submit(destination: string, text: string): Promise<string[]> {
    return this.submitParts(destination, buildSubmitParts(text));
  }

  /** submit() for a text already split by buildSubmitParts (shared by every recipient of that text). */
  async submitParts(destination: string, parts: readonly SubmitPart[]): Promise<string[]> {
    if (this.closed) throw new TransientSendError('SMPP_CLOSED', `SMPP gateway "${this.name}" is closed`);
    const refusal = this.connection.bindError;
    if (refusal) throw new TransientSendError('SMPP_BIND_REFUSED', refusal.message);
    if (!E164.test(destination)) throw new PermanentSendError('SMS_INVALID_NUMBER', 'not an E.164 number', false);
    const digits = destination.slice(1);
    this.concatRef = (this.concatRef + 1) & 0xff;
    // Every part is encoded before any is queued: a part that cannot be sent must not leave its siblings orphaned.
    const wires = withConcatReference(parts, this.concatRef).map((part) => this.encode(digits, part));
    return Promise.all(wires.map((wire) => this.submitWindow.enqueue(digits, wire)));
  }

  /**
   * Stops taking work, lets parts already with the SMSC get their answer, unbinds and closes the connection, then
   * stores what it still holds of long MOs (the service closes its channels before the database and queues).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new TransientSendError('SMPP_CLOSED', `SMPP gateway "${this.name}" closed`);
    this.submitWindow.failQueued(error);
    const unbound = await this.connection.close(() => this.submitWindow.drain(this.responseTimeoutMs));
    this.submitWindow.failAll(error);
    // Otherwise the last answers, their enquire_link not yet out, would stay counted as possibly lost.
    if (unbound) await this.confirmations.unbound().catch((failure: unknown) => this.logger.warn({ err: failure }));
    await this.storeLeftIncomplete();
  }

  /**
   * Stores, once more, each long MO still waiting for parts or for another try: every part that arrived was answered,
   * so the SMSC holds nothing of them, and a restart (a deploy) would drop them silently. A message whose last part
   * was refused for a failed store is stored without it; the SMSC delivers that part again to the next bind, which
   * stores it alone when its other parts never come: split, nothing lost.
   */
  private async storeLeftIncomplete(): Promise<void> {
    const left = [
      ...this.reassembly.takeAll().map((message) => ({ origin: message.meta, text: message.text })),
      ...this.incompleteRetries.values(),
    ];
    for (const retry of this.incompleteRetries.keys()) clearTimeout(retry);
    this.incompleteRetries.clear();
    const outcomes = await Promise.allSettled(left.map(({ origin, text }) => this.deliverMo(origin, text)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    if (failures.length > 0) {
      this.logger.error({ err: failures[0], messages: failures.length }, 'incomplete MO not stored: closed');
    }
  }

  /** A submit_sm without its sequence number (the session stamps it when sending). */
  private encode(digits: string, part: SubmitPart): Buffer {
    try {
      // Written out rather than spread from a template: a spread object cost a kilobyte a message (heap profile).
      return encodeSubmitSm(0, {
        source_addr_ton: this.source.source_addr_ton,
        source_addr_npi: this.source.source_addr_npi,
        source_addr: this.source.source_addr,
        dest_addr_ton: TON_INTERNATIONAL,
        dest_addr_npi: NPI_ISDN,
        destination_addr: digits,
        esm_class: part.esmClass,
        registered_delivery: REGISTERED_DELIVERY_FINAL,
        data_coding: part.dataCoding,
        short_message: part.shortMessage,
      });
    } catch (error) {
      if (!(error instanceof SmppCodecError)) throw error;
      throw new PermanentSendError('SMPP_INVALID_SUBMIT', `SMPP gateway "${this.name}": ${error.message}`, false);
    }
  }

  private onDeliverSm(session: SmppSession, pdu: ReceivedSm): void {
    if (isDeliveryReceipt(pdu)) {
      const update = parseReceipt(pdu, SMS_CHANNEL);
      this.answerOnceStored(session, pdu, update && this.inbox.receipt(update));
      return;
    }
    if (!isMobileOriginated(pdu)) return void session.acknowledge(pdu);
    const source = pdu.source_addr ?? '';
    const from =
      normalizeVietnamesePhone(source) ?? (pdu.source_addr_ton === TON_INTERNATIONAL ? `+${source}` : source);
    const concat = concatInfoOf(pdu);
    const text = deliverSmText(pdu);
    const mo: ReceivedMo = {
      origin: { from, id: `${this.name}-${this.bindId}-${pdu.sequence_number}` },
      concat,
      text,
      key: moKey(from, pdu.destination_addr ?? '', concat, text),
    };
    // The ledger answers in the order it was asked (one Redis connection), so a sender's MOs keep their order.
    this.confirmations.isRedelivery(mo.key).then(
      (again) => {
        if (!again) return this.takeMo(session, pdu, mo);
        this.logger.info({ gateway: this.name }, 'MO delivered again after a bind dropped with its answer: taken once');
        this.confirmations.answered(session, mo.key, session.acknowledge(pdu));
      },
      (error: unknown) => {
        this.logger.warn({ err: error }, 'MO answers ledger unreachable: the MO is taken as a new one');
        this.takeMo(session, pdu, mo);
      },
    );
  }

  private takeMo(session: SmppSession, pdu: ReceivedSm, { origin, concat, text, key }: ReceivedMo): void {
    if (concat === undefined || concat.total <= 1) {
      this.answerOnceStored(session, pdu, this.deliverMo(origin, text), key);
      return;
    }
    // A part that leaves its message incomplete is taken at once; the one that completes it waits for the store, and
    // when that fails the other parts are kept for its next delivery.
    const joined = this.reassembly.add(`${origin.from}|${pdu.destination_addr}|${concat.ref}`, concat, text, origin);
    if (joined === undefined) {
      this.confirmations.answered(session, key, session.acknowledge(pdu));
      return;
    }
    const stored = this.deliverMo(joined.meta, joined.text);
    // Put back before the refusal goes out (handlers run in the order they were added), ready for the redelivery.
    stored.catch(() => this.reassembly.restore(joined, concat.seq));
    this.answerOnceStored(session, pdu, stored, key);
  }

  /**
   * Stores an incomplete MO, again after 1, 2, 4… times `incompleteRetryMs` (at most a minute apart) while it fails,
   * INCOMPLETE_MO_ATTEMPTS times in all: nobody else holds its text. A close tries what is waiting once more.
   */
  private storeIncomplete(origin: MoOrigin, text: string, attempt: number): void {
    this.deliverMo(origin, text).catch((error: unknown) => {
      if (attempt >= INCOMPLETE_MO_ATTEMPTS || this.closed) {
        this.logger.error({ err: error, from: origin.from, attempts: attempt }, 'incomplete MO not stored: given up');
        return;
      }
      this.logger.warn({ err: error, attempt }, 'incomplete MO not stored: trying again');
      const delay = Math.min(this.incompleteRetryMs * 2 ** (attempt - 1), 60_000);
      const retry = setTimeout(() => {
        this.incompleteRetries.delete(retry);
        this.storeIncomplete(origin, text, attempt + 1);
      }, delay);
      this.incompleteRetries.set(retry, { origin, text });
    });
  }

  private deliverMo(origin: MoOrigin, text: string): Promise<void> {
    const event: InboundEvent = {
      channel: SMS_CHANNEL,
      externalId: origin.from,
      providerMessageId: origin.id,
      kind: 'message',
      text,
      receivedAt: new Date(),
    };
    return this.inbox.mo(event);
  }

  /**
   * Answers a deliver_sm once what it carried is stored (at once when it carried nothing to store), or refuses it for
   * the SMSC to deliver again. An answer the session can no longer send is left to the SMSC's own redelivery.
   */
  private answerOnceStored(
    session: SmppSession,
    pdu: ReceivedSm,
    stored: Promise<void> | undefined,
    mo?: string,
  ): void {
    if (stored === undefined) return void session.acknowledge(pdu);
    stored.then(
      () => {
        const written = session.acknowledge(pdu);
        if (mo !== undefined) this.confirmations.answered(session, mo, written);
      },
      (error: unknown) => {
        this.logger.error({ err: error }, 'deliver_sm not stored: refused, for the SMSC to deliver it again');
        session.acknowledge(pdu, SMPP_STATUS.ESME_RX_T_APPN);
      },
    );
  }
}
