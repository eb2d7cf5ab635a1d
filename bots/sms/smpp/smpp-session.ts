import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import smpp, { type PDU } from 'smpp';
import { DELIVER_SM, decodeDeliverSm, encodeDeliverSmResp, type ReceivedSm } from './deliver-sm-codec.js';
import { decodeSubmitSmResp, SUBMIT_SM_RESP, type SubmitSmResp } from './submit-sm-codec.js';

export interface SmppSessionOptions {
  /** smpp://host:port, or ssmpp://host:port for TLS. */
  url: string;
  /** enquire_link this often once connected. */
  enquireLinkMs: number;
  /** Nothing heard for enquireLinkMs and then this long (a ping went unanswered) drops the connection. */
  responseTimeoutMs: number;
  /** PEM certificates trusted for an ssmpp:// SMSC instead of the system's (a carrier's private CA). */
  ca?: string | undefined;
}

/** The requests an SMSC sends us that the gateway handles are each emitted under their command name. */
export interface SmppSessionEvents {
  /** An MO message or a delivery receipt; answer it with acknowledge(). */
  deliver_sm: [ReceivedSm];
  data_sm: [ReceivedSm];
  enquire_link: [PDU];
  unbind: [PDU];
  connect: [];
  close: [];
  error: [Error];
  /** The answer to a submit_sm sent with submitSm(); a generic_nack of one comes here too, without a message_id. */
  submit_sm_resp: [SubmitSmResp];
}

export class SmppProtocolError extends Error {
  readonly code = 'SMPP_PROTOCOL';
}

const HEADER_LENGTH = 16;
// The smpp library's limit too; no PDU we exchange comes near it, so a larger length means a broken stream.
const MAX_PDU_LENGTH = 16_384;
const GENERIC_NACK = 0x80000000;
const ESME_RINVBNDSTS = 0x04;
// The two SMPP 3.4 requests that have no response PDU.
const UNANSWERED_REQUESTS = new Set<string>(['alert_notification', 'outbind']);
const DEFAULT_PORT: Record<string, number> = { 'smpp:': 2775, 'ssmpp:': 3550 };

/** SMPP sequence numbers run 1…0x7FFFFFFF and start again at 1. */
export function nextSequence(sequence: number): number {
  return sequence >= 0x7fffffff ? 1 : sequence + 1;
}

/**
 * One SMPP connection to an SMSC: frames PDUs, numbers requests and routes their answers, pings with enquire_link
 * and drops a link that went silent. The smpp library still codes every PDU except those that come and go once a
 * message: submitSm() and the 'submit_sm_resp' event carry the send's pair straight as bytes (submit-sm-codec.ts),
 * and a deliver_sm (a receipt, an MO) is read and acknowledge()d the same way (deliver-sm-codec.ts).
 */
export class SmppSession extends EventEmitter<SmppSessionEvents> {
  private readonly socket: net.Socket;
  private readonly callbacks = new Map<number, (response: PDU) => void>();
  private sequence = 0;
  private partial: Buffer | undefined;
  private outgoing: Buffer[] = [];
  private outgoingLength = 0;
  private lastHeard = Date.now();
  private pinger: NodeJS.Timeout | undefined;

  constructor(private readonly options: SmppSessionOptions) {
    super();
    const url = new URL(options.url);
    const port = Number(url.port) || (DEFAULT_PORT[url.protocol] ?? 2775);
    const secure = url.protocol === 'ssmpp:';
    this.socket = secure
      ? tls.connect({ host: url.hostname, port, ca: options.ca })
      : net.connect({ host: url.hostname, port });
    // Our writes are already gathered per tick; Nagle would only hold a tick's submits back for an ACK.
    this.socket.setNoDelay(true);
    this.socket.once(secure ? 'secureConnect' : 'connect', () => this.onConnect());
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.emit('error', error));
    this.socket.on('close', () => this.onClose());
  }

  /**
   * Sends a PDU coded by the smpp library; a request gets the next sequence number, and its answer goes to
   * `onResponse`. False (nothing sent) once the socket is no longer writable.
   */
  send(pdu: PDU, onResponse?: (response: PDU) => void): boolean {
    if (!this.socket.writable) return false;
    if (!pdu.isResponse()) {
      this.sequence = nextSequence(this.sequence);
      pdu.sequence_number = this.sequence;
      if (onResponse) this.callbacks.set(this.sequence, onResponse);
    }
    this.write(pdu.toBuffer());
    return true;
  }

  /**
   * Answers a deliver_sm or data_sm: taken (0), or refused with an error status for the SMSC to deliver it again.
   * False when the connection can no longer carry the answer.
   */
  acknowledge(request: ReceivedSm, status = 0): boolean {
    if (!this.socket.writable) return false;
    this.write(encodeDeliverSmResp(request, status));
    return true;
  }

  /**
   * Sends an encoded submit_sm, writing its sequence number into it; returns that number (the answer comes as
   * 'submit_sm_resp'), or undefined when the socket is no longer writable. The bytes are copied when the tick's
   * writes leave, so `wire` may be sent again in a later tick (after a throttle or a reconnect).
   */
  submitSm(wire: Buffer): number | undefined {
    if (!this.socket.writable) return undefined;
    this.sequence = nextSequence(this.sequence);
    wire.writeUInt32BE(this.sequence, 12);
    this.write(wire);
    return this.sequence;
  }

  /** Sends what is waiting, then ends the connection (the SMSC sees a FIN). */
  close(): void {
    this.flush();
    this.socket.end();
  }

  destroy(): void {
    this.discardOutgoing();
    this.socket.destroy();
  }

  /**
   * Everything written within one tick (a burst of answers reopening the send window) leaves in one socket write:
   * a write per submit_sm woke the SMSC once per message and was a quarter of a blast worker's time.
   */
  private write(wire: Buffer): void {
    if (this.outgoing.length === 0) process.nextTick(() => this.flush());
    this.outgoing.push(wire);
    this.outgoingLength += wire.length;
  }

  private flush(): void {
    if (this.outgoing.length === 0) return;
    const wires = Buffer.concat(this.outgoing, this.outgoingLength);
    this.discardOutgoing();
    if (this.socket.writable) this.socket.write(wires);
  }

  private discardOutgoing(): void {
    this.outgoing = [];
    this.outgoingLength = 0;
  }

  private onConnect(): void {
    this.lastHeard = Date.now();
    const { enquireLinkMs, responseTimeoutMs } = this.options;
    // A link gone silent (a hung SMSC, a NAT that forgot us) would look bound until the next burst of alerts hit
    // it: silence past a ping and its answer time drops it. Any bytes heard count as life, not only the answer.
    this.pinger = setInterval(() => {
      const silentMs = Date.now() - this.lastHeard;
      if (silentMs > enquireLinkMs + responseTimeoutMs) {
        this.fail(new SmppProtocolError(`SMSC silent for ${silentMs} ms, enquire_link unanswered`));
      } else {
        this.send(new smpp.PDU('enquire_link'));
      }
    }, enquireLinkMs);
    this.emit('connect');
  }

  private onClose(): void {
    clearInterval(this.pinger);
    this.callbacks.clear();
    this.discardOutgoing();
    this.partial = undefined;
    this.emit('close');
  }

  /** Frames PDUs by command_length; a PDU split across chunks is the only one copied. */
  private onData(chunk: Buffer): void {
    this.lastHeard = Date.now();
    const data = this.partial === undefined ? chunk : Buffer.concat([this.partial, chunk]);
    this.partial = undefined;
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = data.readUInt32BE(offset);
      if (length < HEADER_LENGTH || length > MAX_PDU_LENGTH) {
        this.fail(new SmppProtocolError(`command_length ${length} outside ${HEADER_LENGTH}–${MAX_PDU_LENGTH}`));
        return;
      }
      if (data.length - offset < length) break;
      this.dispatch(data, offset, length);
      if (this.socket.destroyed) return;
      offset += length;
    }
    if (offset < data.length) this.partial = data.subarray(offset);
  }

  private dispatch(data: Buffer, offset: number, length: number): void {
    const commandId = data.readUInt32BE(offset + 4);
    let response: SubmitSmResp | undefined;
    let delivered: ReceivedSm | undefined;
    let pdu: PDU | false = false;
    try {
      if (commandId === SUBMIT_SM_RESP) response = decodeSubmitSmResp(data, offset);
      else if (commandId === DELIVER_SM) delivered = decodeDeliverSm(data, offset, length);
      if (response === undefined && delivered === undefined)
        pdu = smpp.PDU.fromBuffer(data.subarray(offset, offset + length));
    } catch (error) {
      // The framing still holds, but a PDU we cannot read might be an answer we then never match: start afresh.
      const reason = error instanceof Error ? error.message : String(error);
      this.fail(new SmppProtocolError(`unreadable PDU 0x${commandId.toString(16).padStart(8, '0')}: ${reason}`));
      return;
    }
    if (response !== undefined) this.emit('submit_sm_resp', response);
    else if (delivered !== undefined) this.emit('deliver_sm', delivered);
    else if (pdu !== false) this.route(pdu);
  }

  private route(pdu: PDU): void {
    if (!pdu.isResponse()) {
      const command = pdu.command;
      if (command === 'deliver_sm' || command === 'data_sm') this.emit(command, pdu);
      else if (command === 'enquire_link' || command === 'unbind') this.emit(command, pdu);
      // Any other request is refused here rather than left unanswered: an SMSC waits for every response it expects,
      // resends, and may unbind us over it. A command we do not know gets a generic_nack (ESME_RINVCMDID); one we
      // know but never take from an SMSC (a submit_sm, a query_sm) its own response with ESME_RINVBNDSTS.
      else if (!UNANSWERED_REQUESTS.has(pdu.command)) {
        this.send(pdu.command === 'unknown' ? pdu.response() : pdu.response({ command_status: ESME_RINVBNDSTS }));
      }
      return;
    }
    const callback = this.callbacks.get(pdu.sequence_number);
    if (callback !== undefined) {
      this.callbacks.delete(pdu.sequence_number);
      callback(pdu);
    } else if (pdu.command_id === GENERIC_NACK) {
      // An SMSC that cannot take a submit_sm may answer it with a generic_nack instead of a submit_sm_resp.
      this.emit('submit_sm_resp', { sequence: pdu.sequence_number, status: pdu.command_status, messageId: undefined });
    }
  }

  private fail(error: Error): void {
    this.emit('error', error);
    this.destroy();
  }
}
