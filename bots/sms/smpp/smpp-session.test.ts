import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import smpp, { type PDU } from 'smpp';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ReceivedSm } from './deliver-sm-codec.js';
import { nextSequence, SmppProtocolError, SmppSession } from './smpp-session.js';
import type { SubmitSmResp } from './submit-sm-codec.js';

/** A bare TCP peer on loopback: the test writes raw bytes to the session and reads what the session wrote. */
async function connectedSession() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const session = new SmppSession({
    url: `smpp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    enquireLinkMs: 60_000,
    responseTimeoutMs: 10_000,
  });
  const events: { name: string; value?: ReceivedSm | PDU | SubmitSmResp | Error }[] = [];
  for (const name of ['deliver_sm', 'data_sm'] as const) session.on(name, (pdu) => events.push({ name, value: pdu }));
  for (const name of ['enquire_link', 'unbind'] as const) session.on(name, (pdu) => events.push({ name, value: pdu }));
  session.on('submit_sm_resp', (response) => events.push({ name: 'submit_sm_resp', value: response }));
  session.on('error', (error) => events.push({ name: 'error', value: error }));
  session.on('close', () => events.push({ name: 'close' }));
  const [peer] = await accepted;
  await once(session, 'connect');
  const received: Buffer[] = [];
  peer.on('data', (chunk: Buffer) => received.push(chunk));
  onTestFinished(() => {
    session.destroy();
    peer.destroy();
    server.close();
  });
  /** What the peer has read so far, parsed by the smpp library. */
  const pdus = () => {
    const all = Buffer.concat(received);
    const parsed: PDU[] = [];
    for (let offset = 0; offset + 16 <= all.length; offset += all.readUInt32BE(offset)) {
      const pdu = smpp.PDU.fromBuffer(all.subarray(offset, offset + all.readUInt32BE(offset)));
      if (pdu) parsed.push(pdu);
    }
    return parsed;
  };
  return { session, peer, events, pdus };
}

const deliverSm = new smpp.PDU('deliver_sm', {
  sequence_number: 41,
  source_addr: '84961234567',
  destination_addr: '8088',
  data_coding: 0,
  short_message: 'co',
}).toBuffer();
const submitSmResp = new smpp.PDU('submit_sm_resp', { sequence_number: 7, message_id: '0a1b' }).toBuffer();
const enquireLink = new smpp.PDU('enquire_link', { sequence_number: 42 }).toBuffer();

/** Waits until `condition` holds (vitest's waitFor wants a throw for "not yet"). */
async function until(condition: () => boolean, what: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error(`still waiting for ${what}`);
    },
    { timeout: 5_000, interval: 10 },
  );
}

function withLength(length: number): Buffer {
  const wire = Buffer.from(enquireLink);
  wire.writeUInt32BE(length, 0);
  return wire;
}

describe('SmppSession', () => {
  it.each([
    { description: 'all in one chunk', cuts: [] },
    { description: 'split inside a length and inside a body', cuts: [2, 30, 31, 70] },
    { description: 'one byte at a time', cuts: Array.from({ length: 200 }, (_, index) => index + 1) },
  ])('frames PDUs however the stream cuts them ($description)', async ({ cuts }) => {
    const { peer, events } = await connectedSession();
    const stream = Buffer.concat([deliverSm, submitSmResp, enquireLink]);
    let start = 0;
    for (const cut of [...cuts.filter((at) => at < stream.length), stream.length]) {
      peer.write(stream.subarray(start, cut));
      start = cut;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => events.length === 3, 'three PDUs');
    expect(events.map((event) => event.name)).toEqual(['deliver_sm', 'submit_sm_resp', 'enquire_link']);
    expect(events[0]?.value).toMatchObject({ sequence_number: 41, source_addr: '84961234567' });
    expect(events[1]?.value).toEqual({ sequence: 7, status: 0, messageId: '0a1b' });
  });

  it.each([
    { description: 'under a header', wire: withLength(8), error: /command_length 8 outside 16–16384/ },
    { description: 'over the limit', wire: withLength(16_385), error: /command_length 16385 outside 16–16384/ },
    {
      description: 'a submit_sm_resp whose message_id has no NUL',
      wire: Buffer.from('00000013800000040000000000000001616263', 'hex'),
      error: /unreadable PDU 0x80000004: .*message_id is not NUL-terminated/,
    },
  ])('reports a broken stream ($description) as an error and closes, without throwing', async ({ wire, error }) => {
    const { peer, events } = await connectedSession();
    peer.write(Buffer.concat([submitSmResp, wire, enquireLink]));
    await until(() => events.some((event) => event.name === 'close'), 'the session to close');
    expect(events.map((event) => event.name)).toEqual(['submit_sm_resp', 'error', 'close']);
    expect(events[1]?.value).toBeInstanceOf(SmppProtocolError);
    expect(String(events[1]?.value)).toMatch(error);
  });

  it('numbers requests, hands each answer to its callback, and a generic_nack of a submit_sm to submit_sm_resp', async () => {
    const { session, peer, events, pdus } = await connectedSession();
    // Coded by the library here: the codec's own tests hold it to the same bytes.
    const wire = new smpp.PDU('submit_sm', {
      destination_addr: '84961234567',
      short_message: Buffer.from('hi'),
    }).toBuffer();
    const answers: PDU[] = [];
    session.send(new smpp.PDU('bind_transceiver', { system_id: 'soyte', password: 'x' }), (pdu) => answers.push(pdu));
    expect(session.submitSm(wire)).toBe(2);
    await until(() => pdus().length === 2, 'the bind and the submit');
    // The same bytes again, a tick later (as after a throttle): a fresh sequence number, the first copy untouched.
    expect(session.submitSm(wire)).toBe(3);
    await until(() => pdus().length === 3, 'the resent submit');

    const [bind, first, again] = pdus();
    expect([bind?.command, bind?.sequence_number]).toEqual(['bind_transceiver', 1]);
    expect([first?.command, first?.sequence_number, first?.short_message?.message]).toEqual(['submit_sm', 2, 'hi']);
    expect([again?.command, again?.sequence_number, again?.short_message?.message]).toEqual(['submit_sm', 3, 'hi']);
    peer.write(new smpp.PDU('bind_transceiver_resp', { sequence_number: 1, system_id: 'SMSC' }).toBuffer());
    peer.write(new smpp.PDU('generic_nack', { sequence_number: 3, command_status: 0x03 }).toBuffer());
    await until(() => answers.length === 1 && events.length === 1, 'both answers');
    expect(answers[0]).toMatchObject({ command: 'bind_transceiver_resp', command_status: 0, system_id: 'SMSC' });
    expect(events).toEqual([{ name: 'submit_sm_resp', value: { sequence: 3, status: 0x03, messageId: undefined } }]);
  });

  it('hands a data_sm on, answers requests it does not take, and stays up', async () => {
    const { peer, events, pdus } = await connectedSession();
    const unknownCommand = new smpp.PDU('enquire_link', { sequence_number: 50 }).toBuffer();
    unknownCommand.writeUInt32BE(0x00000999, 4);
    peer.write(
      Buffer.concat([
        new smpp.PDU('data_sm', { sequence_number: 51, source_addr: '84961234567', message_payload: 'co' }).toBuffer(),
        new smpp.PDU('query_sm', { sequence_number: 52, message_id: '0a1b' }).toBuffer(),
        unknownCommand,
        // alert_notification has no response in SMPP 3.4: nothing goes back for it.
        new smpp.PDU('alert_notification', { sequence_number: 53, source_addr: '84961234567' }).toBuffer(),
        enquireLink,
      ]),
    );
    await until(() => events.length === 2 && pdus().length === 2, 'two events and two answers');
    expect(events.map((event) => event.name)).toEqual(['data_sm', 'enquire_link']);
    expect(events[0]?.value).toMatchObject({ sequence_number: 51, message_payload: { message: 'co' } });
    const answers = pdus().map((pdu) => [pdu.command, pdu.sequence_number, pdu.command_status]);
    expect(answers).toEqual([
      ['query_sm_resp', 52, 0x04],
      ['generic_nack', 50, 0x03],
    ]);
  });

  it('sends what the tick wrote before closing', async () => {
    const { session, peer, pdus } = await connectedSession();
    session.send(new smpp.PDU('unbind'));
    session.close();
    await once(peer, 'end');
    expect(pdus().map((pdu) => pdu.command)).toEqual(['unbind']);
    expect(session.send(new smpp.PDU('enquire_link'))).toBe(false);
  });

  it('wraps sequence numbers after 0x7FFFFFFF, never using 0', () => {
    expect([nextSequence(0), nextSequence(0x7ffffffe), nextSequence(0x7fffffff)]).toEqual([1, 0x7fffffff, 1]);
  });
});
