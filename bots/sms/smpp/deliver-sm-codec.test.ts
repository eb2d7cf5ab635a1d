import smpp, { type PduOptions } from 'smpp';
import { describe, expect, it } from 'vitest';
import { decodeDeliverSm, encodeDeliverSmResp, type ReceivedSm } from './deliver-sm-codec.js';
import { encodeGsm7 } from './gsm7.js';
import { encodeUcs2 } from './submit-parts.js';

const FIELDS = [
  'command_id',
  'sequence_number',
  'source_addr_ton',
  'source_addr',
  'destination_addr',
  'esm_class',
  'data_coding',
  'short_message',
  'message_payload',
  'receipted_message_id',
  'message_state',
  'sar_msg_ref_num',
  'sar_total_segments',
  'sar_segment_seqnum',
] as const satisfies readonly (keyof ReceivedSm)[];

/** The fields the gateway reads, as the smpp library reads them from the same bytes: the oracle. */
function libraryReads(wire: Buffer) {
  const pdu = smpp.PDU.fromBuffer(wire);
  if (!pdu) throw new Error('the library read no PDU');
  return Object.fromEntries(FIELDS.map((field) => [field, pdu[field]]));
}

function ourReading(wire: Buffer) {
  const pdu = decodeDeliverSm(wire, 0, wire.length);
  return pdu && Object.fromEntries(FIELDS.map((field) => [field, pdu[field]]));
}

const wireOf = (options: PduOptions) =>
  new smpp.PDU('deliver_sm', {
    sequence_number: 77,
    source_addr_ton: 1,
    source_addr: '84961234567',
    destination_addr: '8088',
    data_coding: 0,
    ...options,
  }).toBuffer();

const udh8 = Buffer.from([5, 0, 3, 0x2a, 2, 1]);
const udh16 = Buffer.from([6, 8, 4, 0x01, 0x2a, 3, 2]);
const receipt = 'id:0A1B2C sub:001 dlvrd:001 submit date:2412060708 done date:2412060709 stat:DELIVRD err:000 text:';

describe('decodeDeliverSm reads what the smpp library reads', () => {
  it.each([
    { kind: 'a receipt in text', options: { esm_class: 0x04, short_message: encodeGsm7(receipt) } },
    {
      kind: 'a receipt with its TLVs',
      options: { esm_class: 0x04, short_message: encodeGsm7(receipt), receipted_message_id: 'ff01', message_state: 2 },
    },
    { kind: 'GSM text with the extension', options: { short_message: encodeGsm7('Gia {1} [2] ~\\^|€ @$_ àÄ ok') } },
    { kind: 'IA5 (data_coding 1)', options: { data_coding: 1, short_message: Buffer.from('co 1 @ $') } },
    { kind: 'Latin-1', options: { data_coding: 3, short_message: Buffer.from('café ñ', 'latin1') } },
    { kind: 'UCS-2', options: { data_coding: 8, short_message: encodeUcs2('Tôi đã tiêm mũi 2 👍') } },
    { kind: 'UCS-2 with message class bits', options: { data_coding: 0x18, short_message: encodeUcs2('Khỏe') } },
    { kind: 'GSM with message class bits', options: { data_coding: 0xf0, short_message: encodeGsm7('KHOE') } },
    { kind: 'binary', options: { data_coding: 4, short_message: Buffer.from([0, 1, 0xfe, 0xff]) } },
    { kind: 'an empty message', options: { short_message: Buffer.alloc(0) } },
    {
      kind: 'a concatenated part, 8-bit reference',
      options: { esm_class: 0x40, short_message: Buffer.concat([udh8, encodeGsm7('phan mot')]) },
    },
    {
      kind: 'a concatenated part, 16-bit reference, UCS-2',
      options: { esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([udh16, encodeUcs2('phần hai')]) },
    },
    { kind: 'an empty UDH', options: { esm_class: 0x40, short_message: Buffer.from([0, 0x41]) } },
    {
      kind: 'the text in message_payload, its UDH there',
      options: {
        esm_class: 0x40,
        short_message: Buffer.alloc(0),
        message_payload: Buffer.concat([udh8, encodeGsm7('dai')]),
      },
    },
    {
      kind: 'message_payload beside a short_message text: no UDH read in it',
      options: { esm_class: 0x40, short_message: Buffer.concat([udh8, encodeGsm7('a')]), message_payload: udh8 },
    },
    {
      kind: 'concatenation in sar TLVs',
      options: {
        short_message: encodeGsm7('x'),
        sar_msg_ref_num: 0x1234,
        sar_total_segments: 3,
        sar_segment_seqnum: 2,
      },
    },
  ])('$kind', ({ options }) => {
    const wire = wireOf(options);
    const ours = ourReading(wire);
    expect(ours).toBeDefined();
    expect(ours).toEqual(libraryReads(wire));
  });

  it('skips a TLV it does not use, and the last of a repeated one wins, as in the library', () => {
    const tlvs = Buffer.concat([
      Buffer.from([0x14, 0x00, 0x00, 0x02, 0xab, 0xcd]),
      Buffer.from([0x00, 0x1e, 0x00, 0x03, 0x61, 0x62, 0x00]),
      Buffer.from([0x00, 0x1e, 0x00, 0x03, 0x63, 0x64, 0x00]),
    ]);
    const wire = withTlvs(wireOf({ esm_class: 0x04, short_message: encodeGsm7(receipt) }), tlvs);
    expect(ourReading(wire)?.receipted_message_id).toBe('cd');
    expect(ourReading(wire)).toEqual(libraryReads(wire));
  });

  it.each([
    {
      kind: 'a national language table in the UDH',
      wire: wireOf({ esm_class: 0x40, short_message: Buffer.from([3, 0x25, 1, 1, 0x41]) }),
    },
    { kind: 'an odd UCS-2 text', wire: wireOf({ data_coding: 8, short_message: Buffer.from([0, 0x41, 0]) }) },
    {
      kind: 'a UDH longer than the message',
      wire: wireOf({ esm_class: 0x40, short_message: Buffer.from([9, 0, 3, 1]) }),
    },
    {
      kind: 'a UDH element past its header',
      wire: wireOf({ esm_class: 0x40, short_message: Buffer.from([3, 0, 3, 1, 0x41]) }),
    },
    { kind: 'a scheduled time', wire: wireOf({ schedule_delivery_time: '241206070800000R' }) },
    {
      kind: 'a one-octet TLV of two octets',
      wire: withTlvs(wireOf({}), Buffer.from([0x04, 0x27, 0x00, 0x02, 0x00, 0x02])),
    },
    {
      kind: 'a receipted_message_id without its NUL',
      wire: withTlvs(wireOf({}), Buffer.from([0x00, 0x1e, 0x00, 0x01, 0x61])),
    },
    { kind: 'a TLV past the PDU', wire: withTlvs(wireOf({}), Buffer.from([0x00, 0x1e, 0x00, 0x09, 0x61, 0x00])) },
    { kind: 'octets after the last TLV', wire: withTlvs(wireOf({}), Buffer.from([0x00, 0x1e])) },
    { kind: 'a PDU cut before short_message', wire: truncated(wireOf({ short_message: encodeGsm7('abc') }), 5) },
  ])('leaves $kind to the library', ({ wire }) => {
    expect(decodeDeliverSm(wire, 0, wire.length)).toBeUndefined();
  });

  it('reads random deliver_sm PDUs as the library does (seeded, 3,000 of them)', () => {
    const random = seeded(20261206);
    let ours = 0;
    for (let run = 0; run < 3000; run += 1) {
      const wire = randomDeliverSm(random);
      const reading = ourReading(wire);
      if (reading === undefined) continue;
      ours += 1;
      expect(reading, wire.toString('hex')).toEqual(libraryReads(wire));
    }
    // Only the odd cases go to the library: most random PDUs are read here.
    expect(ours).toBeGreaterThan(2000);
  });

  it('reads a PDU in the middle of what the socket delivered', () => {
    const wire = wireOf({ short_message: encodeGsm7('co') });
    const chunk = Buffer.concat([Buffer.alloc(5, 0xee), wire, Buffer.alloc(3, 0xee)]);
    expect(decodeDeliverSm(chunk, 5, wire.length)).toEqual(decodeDeliverSm(wire, 0, wire.length));
  });
});

describe('encodeDeliverSmResp', () => {
  it.each(['deliver_sm', 'data_sm'])('answers a %s as the library would', (command) => {
    const request = new smpp.PDU(new smpp.PDU(command, { sequence_number: 0x7fffffff }).toBuffer());
    expect(encodeDeliverSmResp(request).toString('hex')).toBe(request.response().toBuffer().toString('hex'));
    expect(encodeDeliverSmResp(request, 0x64).toString('hex')).toBe(
      request.response({ command_status: 0x64 }).toBuffer().toString('hex'),
    );
  });
});

/** The PDU with TLVs appended and its command_length grown to match. */
function withTlvs(wire: Buffer, tlvs: Buffer): Buffer {
  const longer = Buffer.concat([wire, tlvs]);
  longer.writeUInt32BE(longer.length, 0);
  return longer;
}

/** The PDU without its last `octets`, its command_length shrunk to match. */
function truncated(wire: Buffer, octets: number): Buffer {
  const shorter = Buffer.from(wire.subarray(0, wire.length - octets));
  shorter.writeUInt32BE(shorter.length, 0);
  return shorter;
}

/** A small deterministic generator (mulberry32), so a failure names a PDU that can be found again. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDeliverSm(random: () => number): Buffer {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  const udh = () => pick([udh8, udh16, Buffer.from([0]), Buffer.from([3, 0x0b, 1, 0x7f])]);
  const body = (withUdh: boolean) =>
    withUdh && random() < 0.8
      ? Buffer.concat([udh(), bytes(Math.floor(random() * 60))])
      : bytes(Math.floor(random() * 120));
  const esmClass = pick([0, 0x04, 0x40, 0x44, 0x20, Math.floor(random() * 256)]);
  const dataCoding = pick([0, 1, 3, 4, 8, 0x18, 0xf0, Math.floor(random() * 256)]);
  const options: PduOptions = {
    esm_class: esmClass,
    data_coding: dataCoding,
    short_message: random() < 0.2 ? Buffer.alloc(0) : body((esmClass & 0x40) !== 0),
  };
  if (dataCoding % 16 === 8 && options.short_message instanceof Buffer && options.short_message.length % 2 === 1) {
    options.short_message = options.short_message.subarray(1);
  }
  if (random() < 0.5) options.receipted_message_id = bytes(8).toString('hex');
  if (random() < 0.5) options.message_state = Math.floor(random() * 9);
  if (random() < 0.3) options.message_payload = body((esmClass & 0x40) !== 0);
  if (random() < 0.2) {
    options.sar_msg_ref_num = Math.floor(random() * 65536);
    options.sar_total_segments = 1 + Math.floor(random() * 5);
    options.sar_segment_seqnum = 1 + Math.floor(random() * 5);
  }
  return wireOf(options);
}
