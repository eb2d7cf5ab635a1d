// submit_sm and submit_sm_resp are every message's two PDUs; the smpp library builds a PDU object with every
// field's default and walks its field tables for each (a fifth of a blast worker's allocations), so this pair is
// written and read here, straight to and from the wire. The library still codes every other PDU.

/** The mandatory fields of a submit_sm, named as in SMPP 3.4 §4.4.1 (and the smpp library). */
export interface SubmitSm {
  service_type?: string;
  source_addr_ton: number;
  source_addr_npi: number;
  source_addr: string;
  dest_addr_ton: number;
  dest_addr_npi: number;
  destination_addr: string;
  esm_class: number;
  protocol_id?: number;
  priority_flag?: number;
  /** Absolute or relative SMPP time (16 characters), or '' for none. */
  schedule_delivery_time?: string;
  validity_period?: string;
  registered_delivery: number;
  replace_if_present_flag?: number;
  data_coding: number;
  sm_default_msg_id?: number;
  /** Already encoded for data_coding, the user data header first when esm_class says so. */
  short_message: Buffer;
}

/** What a submit_sm_resp says; message_id is absent when the SMSC sent no body (usual with an error status). */
export interface SubmitSmResp {
  sequence: number;
  status: number;
  messageId: string | undefined;
}

export class SmppCodecError extends Error {
  readonly code = 'SMPP_CODEC';
}

const SUBMIT_SM = 0x00000004;
export const SUBMIT_SM_RESP = 0x80000004;
const HEADER_LENGTH = 16;
// Largest C-Octet String lengths, NUL included (SMPP 3.4 §4.4.1).
const MAX_OCTETS = { service_type: 6, source_addr: 21, destination_addr: 21 } as const;
const MAX_SHORT_MESSAGE = 254;
// YYMMDDhhmmsstnn and + or - (absolute, against UTC) or R (relative), §7.1.1.
const SMPP_TIME = /^(?:\d{15}[+\-R])?$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The wire bytes of a submit_sm; throws an SmppCodecError naming the field a value does not fit. */
export function encodeSubmitSm(sequence: number, message: SubmitSm): Buffer {
  const serviceType = address('service_type', message.service_type ?? '');
  const source = address('source_addr', message.source_addr);
  const destination = address('destination_addr', message.destination_addr);
  const schedule = time('schedule_delivery_time', message.schedule_delivery_time ?? '');
  const validity = time('validity_period', message.validity_period ?? '');
  const shortMessage = message.short_message;
  if (shortMessage.length > MAX_SHORT_MESSAGE) {
    throw new SmppCodecError(`short_message of ${shortMessage.length} octets exceeds ${MAX_SHORT_MESSAGE}`);
  }
  const length =
    HEADER_LENGTH +
    serviceType.length +
    source.length +
    destination.length +
    schedule.length +
    validity.length +
    // NULs of the five C-Octet Strings, the eleven single-octet fields and sm_length.
    5 +
    11 +
    1 +
    shortMessage.length;
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(SUBMIT_SM, 4);
  buffer.writeUInt32BE(0, 8);
  buffer.writeUInt32BE(sequence, 12);
  let offset = writeCString(buffer, HEADER_LENGTH, serviceType);
  offset = buffer.writeUInt8(octet('source_addr_ton', message.source_addr_ton), offset);
  offset = buffer.writeUInt8(octet('source_addr_npi', message.source_addr_npi), offset);
  offset = writeCString(buffer, offset, source);
  offset = buffer.writeUInt8(octet('dest_addr_ton', message.dest_addr_ton), offset);
  offset = buffer.writeUInt8(octet('dest_addr_npi', message.dest_addr_npi), offset);
  offset = writeCString(buffer, offset, destination);
  offset = buffer.writeUInt8(octet('esm_class', message.esm_class), offset);
  offset = buffer.writeUInt8(octet('protocol_id', message.protocol_id ?? 0), offset);
  offset = buffer.writeUInt8(octet('priority_flag', message.priority_flag ?? 0), offset);
  offset = writeCString(buffer, offset, schedule);
  offset = writeCString(buffer, offset, validity);
  offset = buffer.writeUInt8(octet('registered_delivery', message.registered_delivery), offset);
  offset = buffer.writeUInt8(octet('replace_if_present_flag', message.replace_if_present_flag ?? 0), offset);
  offset = buffer.writeUInt8(octet('data_coding', message.data_coding), offset);
  offset = buffer.writeUInt8(octet('sm_default_msg_id', message.sm_default_msg_id ?? 0), offset);
  offset = buffer.writeUInt8(shortMessage.length, offset);
  shortMessage.copy(buffer, offset);
  return buffer;
}

/**
 * Reads the submit_sm_resp that starts at `offset` (its command_length must already be there in full); throws an
 * SmppCodecError on anything else, or on a message_id that runs past the PDU without its NUL.
 */
export function decodeSubmitSmResp(buffer: Buffer, offset = 0): SubmitSmResp {
  if (buffer.length - offset < HEADER_LENGTH) throw new SmppCodecError('submit_sm_resp shorter than its header');
  const length = buffer.readUInt32BE(offset);
  const commandId = buffer.readUInt32BE(offset + 4);
  if (commandId !== SUBMIT_SM_RESP) {
    throw new SmppCodecError(`command_id 0x${commandId.toString(16).padStart(8, '0')} is not a submit_sm_resp`);
  }
  if (length < HEADER_LENGTH || buffer.length - offset < length) {
    throw new SmppCodecError(
      `submit_sm_resp command_length ${length} does not match its ${buffer.length - offset} octets`,
    );
  }
  const status = buffer.readUInt32BE(offset + 8);
  const sequence = buffer.readUInt32BE(offset + 12);
  if (length === HEADER_LENGTH) return { sequence, status, messageId: undefined };
  const start = offset + HEADER_LENGTH;
  const end = buffer.indexOf(0, start);
  if (end < 0 || end >= offset + length) {
    throw new SmppCodecError(`submit_sm_resp ${sequence}: message_id is not NUL-terminated`);
  }
  return { sequence, status, messageId: buffer.toString('ascii', start, end) };
}

function address(field: keyof typeof MAX_OCTETS, value: string): string {
  if (!PRINTABLE_ASCII.test(value)) throw new SmppCodecError(`${field} must be printable ASCII`);
  if (value.length >= MAX_OCTETS[field]) {
    throw new SmppCodecError(`${field} of ${value.length} characters exceeds ${MAX_OCTETS[field] - 1}`);
  }
  return value;
}

function time(field: string, value: string): string {
  if (!SMPP_TIME.test(value)) throw new SmppCodecError(`${field} must be '' or a 16-character SMPP time`);
  return value;
}

function octet(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new SmppCodecError(`${field} must be 0–255`);
  return value;
}

/** Writes an ASCII string and its NUL; returns the offset after them. */
function writeCString(buffer: Buffer, offset: number, value: string): number {
  const end = offset + buffer.write(value, offset, 'latin1');
  buffer[end] = 0;
  return end + 1;
}
