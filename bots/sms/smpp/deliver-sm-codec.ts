import type { DecodedMessage, PDU } from 'smpp';
import { decodeGsm7 } from './gsm7.js';

// deliver_sm is the PDU of every delivery receipt and every MO message: after a blast the receipts come back at the
// rate the sends went, and the smpp library spent ~23 µs reading each (its GSM decoder alone rebuilds its alphabet's
// key list on every call; bench/blast --receipts). It is read here, straight from the wire, into the fields the
// library would give. Anything this reader does not take as the library would (a national language table, a field
// or TLV running past the PDU, a TLV of the wrong size) it leaves to the library, so a PDU reads the same either way
// (deliver-sm-codec.test.ts compares the two on every kind of message and on random ones).

/** A deliver_sm or data_sm as the gateway reads it: these fields of the library's PDU, whichever of the two read it. */
export type ReceivedSm = Pick<
  PDU,
  | 'command_id'
  | 'sequence_number'
  | 'source_addr_ton'
  | 'source_addr'
  | 'destination_addr'
  | 'esm_class'
  | 'data_coding'
  | 'short_message'
  | 'message_payload'
  | 'receipted_message_id'
  | 'message_state'
  | 'sar_msg_ref_num'
  | 'sar_total_segments'
  | 'sar_segment_seqnum'
>;

export const DELIVER_SM = 0x00000005;
const HEADER_LENGTH = 16;
const RESPONSE_BIT = 0x80000000;
const ESM_CLASS_UDHI = 0x40;
// UDH information elements that switch to a national language table (3GPP TS 23.038): the library's to read.
const NATIONAL_LANGUAGE_SHIFTS = new Set([0x24, 0x25]);
const TLV = {
  receipted_message_id: 0x001e,
  sar_msg_ref_num: 0x020c,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  message_payload: 0x0424,
  message_state: 0x0427,
} as const;

type OctetTlv = 'message_state' | 'sar_total_segments' | 'sar_segment_seqnum';
const OCTET_TLVS = new Map<number, OctetTlv>([
  [TLV.message_state, 'message_state'],
  [TLV.sar_total_segments, 'sar_total_segments'],
  [TLV.sar_segment_seqnum, 'sar_segment_seqnum'],
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads a cursor's way through one PDU; `undefined` from any read means "not ours to read". */
class Reader {
  constructor(
    private readonly data: Buffer,
    public offset: number,
    readonly end: number,
  ) {}

  octet(): number | undefined {
    if (this.offset >= this.end) return undefined;
    const value = this.data[this.offset] as number;
    this.offset += 1;
    return value;
  }

  cString(): string | undefined {
    const nul = this.data.indexOf(0, this.offset);
    if (nul < 0 || nul >= this.end) return undefined;
    const value = this.data.toString('ascii', this.offset, nul);
    this.offset = nul + 1;
    return value;
  }

  bytes(length: number): Buffer | undefined {
    if (this.offset + length > this.end) return undefined;
    const value = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}

/**
 * The deliver_sm that starts at `offset` (its command_length already there in full), or undefined when it is one for
 * the library to read (see above).
 */
export function decodeDeliverSm(data: Buffer, offset: number, length: number): ReceivedSm | undefined {
  const reader = new Reader(data, offset + HEADER_LENGTH, offset + length);
  const pdu: Mutable<ReceivedSm> = {
    command_id: data.readUInt32BE(offset + 4),
    sequence_number: data.readUInt32BE(offset + 12),
  };
  if (reader.cString() === undefined) return undefined; // service_type
  pdu.source_addr_ton = reader.octet();
  reader.octet(); // source_addr_npi
  pdu.source_addr = reader.cString();
  reader.octet(); // dest_addr_ton
  reader.octet(); // dest_addr_npi
  pdu.destination_addr = reader.cString();
  pdu.esm_class = reader.octet();
  reader.octet(); // protocol_id
  reader.octet(); // priority_flag
  const times = [reader.cString(), reader.cString()]; // schedule_delivery_time, validity_period: '' in a deliver_sm
  reader.octet(); // registered_delivery
  reader.octet(); // replace_if_present_flag
  pdu.data_coding = reader.octet();
  reader.octet(); // sm_default_msg_id
  const smLength = reader.octet();
  const shortMessage = smLength === undefined ? undefined : reader.bytes(smLength);
  if (shortMessage === undefined || pdu.esm_class === undefined || pdu.data_coding === undefined) return undefined;
  if (pdu.source_addr === undefined || pdu.destination_addr === undefined || times.some((time) => time !== '')) {
    return undefined;
  }
  pdu.short_message = decodeMessage(shortMessage, pdu.esm_class, pdu.data_coding, false);
  if (pdu.short_message === undefined || !readTlvs(reader, pdu)) return undefined;
  return pdu;
}

/** The optional parameters the gateway reads; false when one is not the size its tag says. */
function readTlvs(reader: Reader, pdu: Mutable<ReceivedSm>): boolean {
  let payload: Buffer | undefined;
  while (reader.offset + 4 <= reader.end) {
    const tag = (reader.octet() as number) * 256 + (reader.octet() as number);
    const size = (reader.octet() as number) * 256 + (reader.octet() as number);
    const value = reader.bytes(size);
    if (value === undefined) return false;
    if (tag === TLV.receipted_message_id) {
      const nul = value.indexOf(0);
      if (nul < 0) return false;
      pdu.receipted_message_id = value.toString('ascii', 0, nul);
    } else if (OCTET_TLVS.has(tag)) {
      if (size !== 1) return false;
      pdu[OCTET_TLVS.get(tag) as OctetTlv] = value[0];
    } else if (tag === TLV.sar_msg_ref_num) {
      if (size !== 2) return false;
      pdu.sar_msg_ref_num = value.readUInt16BE(0);
    } else if (tag === TLV.message_payload) {
      payload = value;
    }
  }
  if (reader.offset !== reader.end) return false;
  if (payload === undefined) return true;
  // A UDH leads the payload only when short_message carries no text (SMPP 3.4 §5.3.2.32: one or the other).
  const shortText = pdu.short_message?.message.length ?? 0;
  pdu.message_payload = decodeMessage(payload, pdu.esm_class ?? 0, pdu.data_coding ?? 0, shortText > 0);
  return pdu.message_payload !== undefined;
}

/** short_message or message_payload: its UDH split off when esm_class says there is one, its text decoded. */
function decodeMessage(value: Buffer, esmClass: number, dataCoding: number, skipUdh: boolean) {
  if (skipUdh || value.length === 0 || (esmClass & ESM_CLASS_UDHI) === 0) return decodeText(value, dataCoding);
  const headerEnd = (value[0] as number) + 1;
  if (headerEnd > value.length) return undefined;
  const udh: Buffer[] = [];
  for (let cursor = 1; cursor < headerEnd; ) {
    const size = (value[cursor + 1] ?? Number.NaN) + 2;
    if (!(cursor + size <= headerEnd)) return undefined;
    if (NATIONAL_LANGUAGE_SHIFTS.has(value[cursor] as number)) return undefined;
    udh.push(value.subarray(cursor, cursor + size));
    cursor += size;
  }
  const decoded = decodeText(value.subarray(headerEnd), dataCoding);
  return decoded === undefined ? undefined : { udh, message: decoded.message };
}

/**
 * The text by the data_coding's low nibble, as the library reads it: 0 and 1 as GSM 03.38 (SMSCs label GSM text
 * IA5 too), 3 Latin-1, 8 UCS-2 big-endian; any other coding stays bytes.
 */
function decodeText(value: Buffer, dataCoding: number): DecodedMessage | undefined {
  switch (dataCoding & 0x0f) {
    case 0x00:
    case 0x01:
      return { message: decodeGsm7(value) };
    case 0x03:
      return { message: value.toString('latin1') };
    case 0x08:
      // An odd octet is a broken UCS-2 text: the library's decoder decides what it reads as.
      return value.length % 2 === 0 ? { message: Buffer.from(value).swap16().toString('utf16le') } : undefined;
    default:
      return { message: value };
  }
}

/**
 * The response to a deliver_sm or data_sm: its header and an empty message_id (the two have the same body), or the
 * header alone with an error status (SMPP 3.4 sends no body with one).
 */
export function encodeDeliverSmResp(request: ReceivedSm, status = 0): Buffer {
  const wire = Buffer.alloc(status === 0 ? HEADER_LENGTH + 1 : HEADER_LENGTH);
  wire.writeUInt32BE(wire.length, 0);
  wire.writeUInt32BE((request.command_id | RESPONSE_BIT) >>> 0, 4);
  wire.writeUInt32BE(status, 8);
  wire.writeUInt32BE(request.sequence_number, 12);
  return wire;
}
