import type { DeliveryUpdate } from '../../../core/channels/contract.js';
import type { ReceivedSm } from './deliver-sm-codec.js';

/** Where a concatenated part sits in its message (from a UDH concatenation element). */
export interface ConcatInfo {
  ref: number;
  total: number;
  seq: number;
}

// esm_class bits 2–5 are the message type: 0 is a message from a handset, 0x04 an SMSC delivery receipt,
// 0x20 an intermediate notification; the SME acknowledgements (0x08, 0x10) are neither and are ignored.
const MESSAGE_TYPE_MASK = 0x3c;
const RECEIPT_TYPES = new Set([0x04, 0x20]);

// message_state TLV values (SMPP 3.4 §5.3.2.35) and the receipt text's 7-letter "stat:" spellings of them.
const STATES = { ENROUTE: 1, DELIVERED: 2, EXPIRED: 3, DELETED: 4, UNDELIVERABLE: 5, ACCEPTED: 6, REJECTED: 8 };
const STAT_TEXT: Record<string, number> = {
  ENROUTE: STATES.ENROUTE,
  DELIVRD: STATES.DELIVERED,
  EXPIRED: STATES.EXPIRED,
  DELETED: STATES.DELETED,
  UNDELIV: STATES.UNDELIVERABLE,
  ACCEPTD: STATES.ACCEPTED,
  REJECTD: STATES.REJECTED,
};
const PENDING_STATES = new Set([0, STATES.ENROUTE, STATES.ACCEPTED]);

export function isMobileOriginated(pdu: ReceivedSm): boolean {
  return ((pdu.esm_class ?? 0) & MESSAGE_TYPE_MASK) === 0;
}

export function isDeliveryReceipt(pdu: ReceivedSm): boolean {
  return RECEIPT_TYPES.has((pdu.esm_class ?? 0) & MESSAGE_TYPE_MASK);
}

/** The text of a deliver_sm or data_sm: short_message, or message_payload (a long MO in one PDU, or any data_sm). */
export function deliverSmText(pdu: ReceivedSm): string {
  const short = textOf(pdu.short_message?.message);
  return short === '' ? textOf(pdu.message_payload?.message) : short;
}

/** Reads a delivery receipt; the TLVs win over the receipt text, whose format SMSCs bend (SMPP 3.4 Appendix B). */
export function parseReceipt(pdu: ReceivedSm, channel: string): DeliveryUpdate | undefined {
  const text = deliverSmText(pdu);
  const messageId = pdu.receipted_message_id || /\bid:(\S+)/i.exec(text)?.[1];
  const stat = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
  const state = pdu.message_state ?? (stat === undefined ? undefined : STAT_TEXT[stat]);
  if (messageId === undefined || state === undefined) return undefined;
  if (state === STATES.DELIVERED) return { channel, providerMessageId: messageId, status: 'delivered' };
  if (PENDING_STATES.has(state)) return { channel, providerMessageId: messageId, status: 'sent' };
  const err = /\berr:(\w+)/i.exec(text)?.[1];
  const error = `stat:${stat ?? `state ${state}`}${err === undefined ? '' : ` err:${err}`}`;
  return { channel, providerMessageId: messageId, status: 'failed', error };
}

/**
 * Where a received part sits: the concatenation element of its UDH, 8-bit (00 03 ref total seq) or 16-bit
 * (08 04 ref ref total seq), in short_message or message_payload; else the sar_* TLVs some SMSCs use instead.
 */
export function concatInfoOf(pdu: ReceivedSm): ConcatInfo | undefined {
  for (const element of pdu.short_message?.udh ?? pdu.message_payload?.udh ?? []) {
    const [id, length] = element;
    if (id === 0x00 && length === 3 && element.length >= 5) {
      return { ref: element.readUInt8(2), total: element.readUInt8(3), seq: element.readUInt8(4) };
    }
    if (id === 0x08 && length === 4 && element.length >= 6) {
      return { ref: element.readUInt16BE(2), total: element.readUInt8(4), seq: element.readUInt8(5) };
    }
  }
  const { sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: seq } = pdu;
  return ref === undefined || total === undefined || seq === undefined ? undefined : { ref, total, seq };
}

function textOf(message: string | Buffer | undefined): string {
  if (message === undefined) return '';
  // The library leaves a coding it does not know as bytes; Latin-1 shows them without throwing anything away.
  return typeof message === 'string' ? message : message.toString('latin1');
}
