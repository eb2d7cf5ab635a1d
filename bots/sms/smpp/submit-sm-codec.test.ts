import smpp, { type PDU } from 'smpp';
import { describe, expect, it } from 'vitest';
import { encodeGsm7 } from './gsm7.js';
import { buildSubmitParts, encodeUcs2, withConcatReference } from './submit-parts.js';
import { decodeSubmitSmResp, encodeSubmitSm, SmppCodecError, type SubmitSm } from './submit-sm-codec.js';

const LONG_GSM = 'Thong bao cua So Y te: '.padEnd(300, 'Ba con den tram y te phuong de tiem mui nhac lai. ');
const LONG_UCS2 = 'Sở Y tế thông báo: '.padEnd(150, 'người dân đến trạm y tế phường để tiêm mũi nhắc lại. ');

/** What the gateway sends: a brandname to an international number, a final receipt asked for. */
function gatewayFields(shortMessage: Buffer, dataCoding: number, esmClass = 0): SubmitSm {
  return {
    source_addr_ton: 5,
    source_addr_npi: 0,
    source_addr: 'SOYTE',
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: '84961234567',
    esm_class: esmClass,
    registered_delivery: 1,
    data_coding: dataCoding,
    short_message: shortMessage,
  };
}

function fromParts(text: string, index: number): SubmitSm {
  const part = withConcatReference(buildSubmitParts(text), 0xa7)[index];
  if (part === undefined) throw new Error(`no part ${index}`);
  return gatewayFields(part.shortMessage, part.dataCoding, part.esmClass);
}

const cases: { description: string; sequence: number; fields: SubmitSm; text?: string }[] = [
  {
    description: 'GSM-7 from a brandname',
    sequence: 1,
    fields: gatewayFields(encodeGsm7('Lich tiem mui 2: 8h sang thu Hai'), 0),
    text: 'Lich tiem mui 2: 8h sang thu Hai',
  },
  {
    description: 'GSM-7 from a numeric short code',
    sequence: 2,
    fields: {
      ...gatewayFields(encodeGsm7('Xin chao'), 0),
      source_addr_ton: 0,
      source_addr_npi: 1,
      source_addr: '8088',
    },
    text: 'Xin chao',
  },
  {
    description: 'GSM-7 with @ $ _ and escaped { } €',
    sequence: 3,
    fields: gatewayFields(encodeGsm7('yte@soyte.vn $0 ma_so {A} 5€'), 0),
    text: 'yte@soyte.vn $0 ma_so {A} 5€',
  },
  {
    description: 'UCS-2 with diacritics',
    sequence: 4,
    fields: gatewayFields(encodeUcs2('Bạn đã tiêm mũi 2 chưa?'), 8),
    text: 'Bạn đã tiêm mũi 2 chưa?',
  },
  { description: 'first concatenated GSM-7 part with its UDH', sequence: 5, fields: fromParts(LONG_GSM, 0) },
  { description: 'last concatenated GSM-7 part with its UDH', sequence: 6, fields: fromParts(LONG_GSM, 1) },
  { description: 'concatenated UCS-2 part with its UDH', sequence: 7, fields: fromParts(LONG_UCS2, 1) },
  { description: 'an empty text', sequence: 8, fields: gatewayFields(Buffer.alloc(0), 0), text: '' },
  {
    description: 'the longest short_message, 254 octets',
    sequence: 9,
    fields: gatewayFields(encodeUcs2('ạ'.repeat(127)), 8),
    text: 'ạ'.repeat(127),
  },
  {
    description: 'every optional field set, times absolute and relative',
    sequence: 10,
    fields: {
      ...gatewayFields(encodeGsm7('Hen gio'), 0),
      service_type: 'CMT',
      protocol_id: 0x7f,
      priority_flag: 3,
      schedule_delivery_time: '261204103000004+',
      validity_period: '000001000000000R',
      registered_delivery: 0x11,
      replace_if_present_flag: 1,
      sm_default_msg_id: 5,
    },
    text: 'Hen gio',
  },
  {
    description: 'the longest addresses and an 11-character brandname with a space and a dot',
    sequence: 11,
    fields: {
      ...gatewayFields(encodeGsm7('x'), 0),
      source_addr: 'So Y te.HN1',
      destination_addr: '8496123456789012345',
    },
    text: 'x',
  },
  {
    description: 'the last sequence number before the wrap',
    sequence: 0x7fffffff,
    fields: gatewayFields(encodeGsm7('x'), 0),
    text: 'x',
  },
];

describe('encodeSubmitSm', () => {
  it.each(cases)('matches the smpp library byte for byte: $description', ({ sequence, fields }) => {
    const library = new smpp.PDU('submit_sm', { ...fields, sequence_number: sequence }).toBuffer();
    expect(encodeSubmitSm(sequence, fields).toString('hex')).toBe(library.toString('hex'));
  });

  it.each(cases)('is read back by the smpp library: $description', ({ sequence, fields, text }) => {
    const decoded = smpp.PDU.fromBuffer(encodeSubmitSm(sequence, fields)) as PDU;
    expect(decoded).toMatchObject({
      command: 'submit_sm',
      command_status: 0,
      sequence_number: sequence,
      service_type: fields.service_type ?? '',
      source_addr_ton: fields.source_addr_ton,
      source_addr_npi: fields.source_addr_npi,
      source_addr: fields.source_addr,
      dest_addr_ton: fields.dest_addr_ton,
      dest_addr_npi: fields.dest_addr_npi,
      destination_addr: fields.destination_addr,
      esm_class: fields.esm_class,
      protocol_id: fields.protocol_id ?? 0,
      priority_flag: fields.priority_flag ?? 0,
      registered_delivery: fields.registered_delivery,
      replace_if_present_flag: fields.replace_if_present_flag ?? 0,
      data_coding: fields.data_coding,
      sm_default_msg_id: fields.sm_default_msg_id ?? 0,
    });
    if (fields.schedule_delivery_time?.endsWith('+')) {
      expect(decoded.schedule_delivery_time).toEqual(new Date('2026-12-04T09:30:00.000Z'));
    }
    if (text !== undefined) expect(decoded.short_message?.message).toBe(text);
    if (fields.esm_class & 0x40) {
      const udh = fields.short_message.subarray(1, 6);
      expect(decoded.short_message?.udh).toEqual([udh]);
    }
  });

  it.each([
    {
      description: 'a destination over 20 digits',
      change: { destination_addr: '849612345678901234567' },
      error: /destination_addr of 21 characters exceeds 20/,
    },
    {
      description: 'a source with diacritics',
      change: { source_addr: 'Sở Y tế' },
      error: /source_addr must be printable ASCII/,
    },
    {
      description: 'a NUL inside an address',
      change: { source_addr: 'SO\0YTE' },
      error: /source_addr must be printable ASCII/,
    },
    {
      description: 'a service_type over 5 characters',
      change: { service_type: 'WAPPUSH' },
      error: /service_type of 7/,
    },
    {
      description: 'a short_message of 255 octets',
      change: { short_message: Buffer.alloc(255) },
      error: /255 octets exceeds 254/,
    },
    { description: 'an esm_class over one octet', change: { esm_class: 0x140 }, error: /esm_class must be 0–255/ },
    { description: 'a negative TON', change: { dest_addr_ton: -1 }, error: /dest_addr_ton must be 0–255/ },
    {
      description: 'a time in words',
      change: { validity_period: 'tomorrow' },
      error: /validity_period must be '' or a 16-character SMPP time/,
    },
  ])('refuses $description with a clear error', ({ change, error }) => {
    const fields = { ...gatewayFields(encodeGsm7('x'), 0), ...change };
    expect(() => encodeSubmitSm(1, fields)).toThrow(SmppCodecError);
    expect(() => encodeSubmitSm(1, fields)).toThrow(error);
  });
});

/** A submit_sm_resp by hand: header, then the body bytes as given (the library cannot write a body with an error). */
function respBytes(status: number, sequence: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(16 + body.length, 0);
  header.writeUInt32BE(0x80000004, 4);
  header.writeUInt32BE(status, 8);
  header.writeUInt32BE(sequence, 12);
  return Buffer.concat([header, body]);
}

describe('decodeSubmitSmResp', () => {
  it.each([
    {
      description: 'accepted with a message_id',
      wire: new smpp.PDU('submit_sm_resp', { sequence_number: 7, message_id: '0a1b2c3d' }).toBuffer(),
    },
    {
      description: 'accepted with an empty message_id',
      wire: new smpp.PDU('submit_sm_resp', { sequence_number: 8, message_id: '' }).toBuffer(),
    },
    {
      description: 'throttled, no body',
      wire: new smpp.PDU('submit_sm_resp', { sequence_number: 9, command_status: 0x58 }).toBuffer(),
    },
    {
      description: 'refused destination, no body',
      wire: new smpp.PDU('submit_sm_resp', { sequence_number: 0x7fffffff, command_status: 0x0b }).toBuffer(),
    },
    { description: 'accepted without a body', wire: respBytes(0, 10, Buffer.alloc(0)) },
    { description: 'an error status that still carries a message_id', wire: respBytes(0x45, 11, Buffer.from('x\0')) },
  ])('agrees with the smpp library: $description', ({ wire }) => {
    const library = smpp.PDU.fromBuffer(wire) as PDU;
    expect(decodeSubmitSmResp(wire)).toEqual({
      sequence: library.sequence_number,
      status: library.command_status,
      messageId: library.message_id,
    });
  });

  it('reads a response in the middle of a chunk, stopping at its own end', () => {
    const first = new smpp.PDU('submit_sm_resp', { sequence_number: 1, message_id: 'aa' }).toBuffer();
    const second = new smpp.PDU('submit_sm_resp', { sequence_number: 2, message_id: 'bbb' }).toBuffer();
    const chunk = Buffer.concat([first, second]);
    expect(decodeSubmitSmResp(chunk, first.length)).toEqual({ sequence: 2, status: 0, messageId: 'bbb' });
  });

  it.each([
    {
      description: 'an unterminated message_id',
      wire: respBytes(0, 3, Buffer.from('abc')),
      error: /message_id is not NUL-terminated/,
    },
    {
      description: 'a message_id whose NUL lies past the PDU',
      wire: Buffer.concat([respBytes(0, 3, Buffer.from('abc')), Buffer.from([0])]),
      error: /message_id is not NUL-terminated/,
    },
    {
      description: 'another command',
      wire: new smpp.PDU('enquire_link_resp', { sequence_number: 1 }).toBuffer(),
      error: /0x80000015 is not a submit_sm_resp/,
    },
    {
      description: 'fewer octets than command_length',
      wire: respBytes(0, 3, Buffer.from('abc\0')).subarray(0, 18),
      error: /command_length 20 does not match its 18 octets/,
    },
    {
      description: 'a command_length under the header',
      wire: Buffer.from('0000000880000004000000000000000100', 'hex'),
      error: /command_length 8/,
    },
    {
      description: 'less than a header',
      wire: Buffer.from('0000001080000004', 'hex'),
      error: /shorter than its header/,
    },
  ])('refuses $description with a clear error', ({ wire, error }) => {
    expect(() => decodeSubmitSmResp(wire)).toThrow(SmppCodecError);
    expect(() => decodeSubmitSmResp(wire)).toThrow(error);
  });
});
