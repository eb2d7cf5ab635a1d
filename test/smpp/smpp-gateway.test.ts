import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SmppBindError } from '../../bots/sms/smpp/index.js';
import { LocalAnswerLedger } from '../../bots/sms/smpp/mo-answer-confirmations.js';
import { PermanentSendError, TransientSendError } from '../../core/channels/contract.js';
import { splitSmsParts } from '../../core/text/index.js';
import { gateway, simulator, until } from './smpp-harness.js';

const VIETTEL = '+84961234567';

describe('SmppGateway against the SMSC simulator', () => {
  it('binds, submits, and turns the receipt into a DeliveryUpdate keyed by the SMSC message_id', async () => {
    const smsc = await simulator();
    const { gateway: vt, receipts } = gateway(smsc.port);
    await vt.waitUntilUp(2_000);

    const ids = await vt.submit(VIETTEL, 'Lich tiem mui 2: 8h sang thu Hai');

    expect(ids).toEqual([smsc.submitted[0]?.messageId]);
    expect(smsc.submitted[0]).toMatchObject({ destination: '84961234567', source: 'SOYTE', registeredDelivery: 1 });
    await until(() => receipts.length === 1, 'the delivery receipt');
    expect(receipts).toEqual([{ channel: 'sms', providerMessageId: ids[0], status: 'delivered' }]);
  });

  it('reports an undeliverable message as a failed DeliveryUpdate', async () => {
    const smsc = await simulator({ failFor: (destination) => destination.endsWith('567') });
    const { gateway: vt, receipts } = gateway(smsc.port);
    const [id] = await vt.submit(VIETTEL, 'Nhac lich tiem');
    await until(() => receipts.length === 1, 'the delivery receipt');
    expect(receipts[0]).toEqual({
      channel: 'sms',
      providerMessageId: id,
      status: 'failed',
      error: 'stat:UNDELIV err:001',
    });
  });

  it('sends folded text as GSM-7 (data_coding 0) with @ $ _ intact, and diacritics as UCS-2 (data_coding 8)', async () => {
    const smsc = await simulator();
    const { gateway: vt } = gateway(smsc.port);
    await vt.submit(VIETTEL, 'Email: yte@soyte.vn, phi $0, ma_so {A}');
    await vt.submit(VIETTEL, 'Bạn đã tiêm mũi 2 chưa? Trả lời 1. Có  2. Không');

    expect(smsc.submitted.map(({ dataCoding, esmClass, text }) => ({ dataCoding, esmClass, text }))).toEqual([
      { dataCoding: 0, esmClass: 0, text: 'Email: yte@soyte.vn, phi $0, ma_so {A}' },
      { dataCoding: 8, esmClass: 0, text: 'Bạn đã tiêm mũi 2 chưa? Trả lời 1. Có  2. Không' },
    ]);
  });

  it('sends a 300-character message as concatenated parts with a 05 00 03 UDH and UDHI set', async () => {
    const smsc = await simulator();
    const { gateway: vt } = gateway(smsc.port);
    const text = 'Thong bao cua So Y te: '.padEnd(300, 'Ba con den tram y te phuong de tiem mui nhac lai. ');
    const total = splitSmsParts(text).length;

    const ids = await vt.submit(VIETTEL, text);

    expect(total).toBeGreaterThan(1);
    expect(ids).toEqual(smsc.submitted.map((part) => part.messageId));
    const ref = smsc.submitted[0]?.concat?.ref ?? -1;
    expect(smsc.submitted.map((part) => part.udh?.toString('hex'))).toEqual(
      Array.from({ length: total }, (_, index) => Buffer.from([5, 0, 3, ref, total, index + 1]).toString('hex')),
    );
    for (const part of smsc.submitted) {
      expect(part).toMatchObject({ dataCoding: 0, esmClass: 0x40 });
    }
    expect(smsc.submitted.map((part) => part.text).join('')).toBe(text);
  });

  it('emits MO messages, folded and with diacritics, a long one reassembled', async () => {
    const smsc = await simulator();
    const { gateway: vt, mo } = gateway(smsc.port);
    await vt.waitUntilUp(2_000);
    const long = 'Tôi bị sốt và ho từ hôm qua, có cần đi khám ở trạm y tế phường không ạ? Cảm ơn bác sĩ.';

    await smsc.injectMo('+84961234567', '8088', 'co, toi @ nha $ _');
    await smsc.injectMo('84912345678', '8088', 'Có, tôi đã tiêm');
    await smsc.injectMo('0987654321', '8088', long);

    await until(() => mo.length === 3, 'three MO events');
    expect(mo.map(({ channel, externalId, kind, text }) => ({ channel, externalId, kind, text }))).toEqual([
      { channel: 'sms', externalId: '+84961234567', kind: 'message', text: 'co, toi @ nha $ _' },
      { channel: 'sms', externalId: '+84912345678', kind: 'message', text: 'Có, tôi đã tiêm' },
      { channel: 'sms', externalId: '+84987654321', kind: 'message', text: long },
    ]);
    expect(new Set(mo.map((event) => event.providerMessageId)).size).toBe(3);
    expect(mo[0]?.providerMessageId).toMatch(/^vt-[0-9a-z]+-\d+$/);
  });

  it('refuses an MO it could not store (ESME_RX_T_APPN), and takes it once when the SMSC delivers it again', async () => {
    const smsc = await simulator();
    const vt = gateway(smsc.port);
    await vt.gateway.waitUntilUp(2_000);
    vt.refusing = true;
    const delivered = smsc.injectMo('+84961234567', '8088', 'Toi bi sot');
    await until(() => vt.refused >= 2, 'two refusals');
    vt.refusing = false;
    await delivered;
    expect(vt.mo.map((event) => event.text)).toEqual(['Toi bi sot']);
  });

  it('keeps the parts of a long MO whose store failed, so the last part delivered again completes it', async () => {
    const smsc = await simulator();
    const vt = gateway(smsc.port);
    await vt.gateway.waitUntilUp(2_000);
    const long = 'Tôi bị sốt và ho từ hôm qua, có cần đi khám ở trạm y tế phường không ạ? Cảm ơn bác sĩ rất nhiều.';
    expect(splitSmsParts(long).length).toBeGreaterThan(1);
    vt.refusing = true;
    const delivered = smsc.injectMo('0987654321', '8088', long);
    await until(() => vt.refused >= 1, 'the completed message refused');
    vt.refusing = false;
    await delivered;
    expect(vt.mo.map((event) => event.text)).toEqual([long]);
  });

  it('stores what came of a long MO whose last part was lost, trying again while the store fails', async () => {
    const smsc = await simulator();
    const vt = gateway(smsc.port, { moReassemblyMs: 100, incompleteMoRetryMs: 20 });
    await vt.gateway.waitUntilUp(2_000);
    const long = 'Tôi bị sốt và ho từ hôm qua, có cần đi khám ở trạm y tế phường không ạ? Cảm ơn bác sĩ rất nhiều.';
    const [first, ...rest] = splitSmsParts(long);
    expect(rest.length).toBeGreaterThan(0);
    vt.refusing = true;
    // Every part but the last is delivered and answered: the SMSC holds nothing more of this message.
    await smsc.injectMo('0987654321', '8088', long, { lose: [rest.length + 1] });
    await until(() => vt.refused >= 3, 'three failed stores of what arrived');
    vt.refusing = false;
    await until(() => vt.mo.length > 0, 'what arrived, stored');
    expect(vt.mo.map((event) => event.text)).toEqual([[first, ...rest.slice(0, -1)].join('')]);
  });

  it('stores on close what came of a long MO still waiting for its parts or for another try', async () => {
    const smsc = await simulator();
    const vt = gateway(smsc.port, { incompleteMoRetryMs: 60_000 });
    await vt.gateway.waitUntilUp(2_000);
    const long = 'Tôi bị sốt và ho từ hôm qua, có cần đi khám ở trạm y tế phường không ạ? Cảm ơn bác sĩ rất nhiều.';
    const parts = splitSmsParts(long);
    expect(parts.length).toBeGreaterThan(1);
    // Waiting for its last part, which a restart would never see: every part that came was answered.
    await smsc.injectMo('0987654321', '8088', long, { lose: [parts.length] });
    expect(vt.mo).toEqual([]);
    await vt.gateway.close();
    expect(vt.mo.map((event) => event.text)).toEqual([parts.slice(0, -1).join('')]);
  });

  it('stores on close a long MO whose store failed and waits for its next try', async () => {
    const smsc = await simulator();
    // Its next try a minute away: only the close stores it within the test.
    const vt = gateway(smsc.port, { moReassemblyMs: 50, incompleteMoRetryMs: 60_000 });
    await vt.gateway.waitUntilUp(2_000);
    const long = 'Tôi bị sốt và ho từ hôm qua, có cần đi khám ở trạm y tế phường không ạ? Cảm ơn bác sĩ rất nhiều.';
    const parts = splitSmsParts(long);
    vt.refusing = true;
    await smsc.injectMo('0987654321', '8088', long, { lose: [1] });
    await until(() => vt.refused === 1, 'the first store of what arrived, failed');
    vt.refusing = false;
    await vt.gateway.close();
    expect(vt.mo.map((event) => event.text)).toEqual([parts.slice(1).join('')]);
  });

  it('takes an MO once when the SMSC delivers it again because the bind dropped with its answer', async () => {
    const smsc = await simulator();
    const vt = gateway(smsc.port);
    await vt.gateway.waitUntilUp(2_000);
    await smsc.injectMo('0987654321', '8088', '1', { answerLost: [1] });
    expect(smsc.stats.binds).toBe(2);
    const long = 'Tôi bị sốt và ho từ hôm qua, có cần đi khám ở trạm y tế phường không ạ? Cảm ơn bác sĩ rất nhiều.';
    const parts = splitSmsParts(long);
    // A part taken at once (the first) and the part that completed the message (the last), each answered and lost.
    await smsc.injectMo('0987654321', '8088', long, { answerLost: [1, parts.length] });
    expect(smsc.stats.binds).toBe(4);
    await smsc.injectMo('0987654321', '8088', '2', { as: 'data_sm', answerLost: [1] });
    expect(vt.mo.map((event) => event.text)).toEqual(['1', long, '2']);
  });

  it('takes the same words again as a new message once the SMSC was seen to read their answer', async () => {
    const smsc = await simulator();
    const vt = gateway(smsc.port);
    await vt.gateway.waitUntilUp(2_000);
    await smsc.injectMo('0987654321', '8088', '1');
    // The answer's confirmation (an enquire_link written after it) comes back within a round trip.
    await new Promise((resolve) => setTimeout(resolve, 100));
    smsc.kill();
    await smsc.restart();
    await until(() => smsc.stats.binds === 2, 'the bind again');
    await smsc.injectMo('0987654321', '8088', '1');
    expect(vt.mo.map((event) => event.text)).toEqual(['1', '1']);
  });

  it('takes as new the same words after a stop that unbound, however soon after the first', async () => {
    const smsc = await simulator();
    // One ledger, as two processes share one in Redis.
    const answerLedger = new LocalAnswerLedger(60_000);
    const first = gateway(smsc.port, { answerLedger });
    await first.gateway.waitUntilUp(2_000);
    await smsc.injectMo('0987654321', '8088', '1');
    // At once, before the answer's enquire_link goes: the unbind's answer confirms it.
    await first.gateway.close();
    const second = gateway(smsc.port, { answerLedger });
    await second.gateway.waitUntilUp(2_000);
    await smsc.injectMo('0987654321', '8088', '1');
    expect([...first.mo, ...second.mo].map((event) => event.text)).toEqual(['1', '1']);
  });

  it('gives an MO back to the SMSC for as long as it cannot be stored', async () => {
    const smsc = await simulator({ deliveryAttempts: 3, redeliverAfterMs: 20 });
    const vt = gateway(smsc.port);
    await vt.gateway.waitUntilUp(2_000);
    vt.refusing = true;
    await expect(smsc.injectMo('+84961234567', '8088', 'co')).rejects.toThrow('status 0x64');
    expect(vt.refused).toBe(3);
    expect(vt.mo).toEqual([]);
  });

  it('refuses a receipt it could not store, and applies it when the SMSC delivers it again', async () => {
    const smsc = await simulator({ receiptDelayMs: 50 });
    const vt = gateway(smsc.port);
    await vt.gateway.waitUntilUp(2_000);
    vt.refusing = true;
    const [id] = await vt.gateway.submit(VIETTEL, 'Nhac lich tiem');
    await until(() => vt.refused >= 1, 'the receipt refused');
    vt.refusing = false;
    await until(() => vt.receipts.length === 1, 'the receipt applied');
    expect(vt.receipts).toEqual([{ channel: 'sms', providerMessageId: id, status: 'delivered' }]);
  });

  it('fails an invalid destination permanently, without opting the person out', async () => {
    const smsc = await simulator({ rejectFor: (destination) => destination === '84961234567' });
    const { gateway: vt } = gateway(smsc.port);
    const failure = await vt.submit(VIETTEL, 'x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentSendError);
    expect(failure).toMatchObject({ code: 'ESME_RINVDSTADR', optOut: false });
  });

  it('refuses a message it cannot encode with a clear permanent error, sending none of its parts', async () => {
    const smsc = await simulator();
    const { gateway: vt } = gateway(smsc.port, { source: 'Sở Y tế' });
    await vt.waitUntilUp(2_000);
    const failure = await vt.submit(VIETTEL, 'x'.repeat(300)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentSendError);
    expect(failure).toMatchObject({ code: 'SMPP_INVALID_SUBMIT', optOut: false });
    expect(String(failure)).toMatch(/SMPP gateway "vt": source_addr must be printable ASCII/);
    await vt.submit(VIETTEL, 'y').catch(() => undefined);
    expect(smsc.submitted).toEqual([]);
  });

  it('fails clearly on a bad password, and hands messages back instead of waiting', async () => {
    const smsc = await simulator();
    const { gateway: vt } = gateway(smsc.port, { password: 'wrong' });

    const bindFailure = await vt.waitUntilUp(2_000).catch((error: unknown) => error);
    expect(bindFailure).toBeInstanceOf(SmppBindError);
    expect(String(bindFailure)).toMatch(/refused the bind of SMPP gateway "vt": ESME_RBINDFAIL \(0x0d\)/);

    const started = Date.now();
    const sendFailure = await vt.submit(VIETTEL, 'x').catch((error: unknown) => error);
    expect(sendFailure).toBeInstanceOf(TransientSendError);
    expect(sendFailure).toMatchObject({ code: 'SMPP_BIND_REFUSED' });
    expect(Date.now() - started).toBeLessThan(100);
    expect(smsc.stats.bindFailures).toBe(1);
  });

  it('keeps no more submit_sm unanswered than its window', async () => {
    const smsc = await simulator({ responseDelayMs: 40 });
    const { gateway: vt } = gateway(smsc.port, { window: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, index) => vt.submit(VIETTEL, `message ${index}`)));
    expect(smsc.submitted).toHaveLength(12);
    expect(smsc.stats.maxOutstanding).toBe(3);
  });

  it('gives a message back as a TransientSendError when no SMSC answers within the timeout', async () => {
    const port = await freePort();
    const { gateway: vt } = gateway(port, { submitTimeoutMs: 300 });
    const failure = await vt.submit(VIETTEL, 'x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientSendError);
    expect(failure).toMatchObject({ code: 'SMPP_UNAVAILABLE' });
  });

  it('sends over TLS (ssmpp://) to an SMSC whose certificate the configured CA signed, and never binds to another', async () => {
    const read = (file: string) => readFileSync(new URL(`../peers/smsc/tls/${file}`, import.meta.url), 'utf8');
    const smsc = await simulator({ tls: { key: read('smsc-key.pem'), cert: read('smsc-cert.pem') } });
    const url = `ssmpp://127.0.0.1:${smsc.port}`;
    const { gateway: trusting } = gateway(smsc.port, { url, ca: read('smsc-cert.pem') });
    await trusting.waitUntilUp(2_000);
    await trusting.submit(VIETTEL, 'Nhac lich tiem qua TLS');
    expect(smsc.submitted.map((part) => part.text)).toEqual(['Nhac lich tiem qua TLS']);

    // Without the CA the certificate does not verify: the TLS handshake fails before any credentials are sent.
    const { gateway: wary } = gateway(smsc.port, { url });
    await expect(wary.waitUntilUp(500)).rejects.toMatchObject({ code: 'SMPP_UNAVAILABLE' });
    expect(smsc.stats.binds).toBe(1);
  });

  it('unbinds on close and refuses work afterwards', async () => {
    const smsc = await simulator();
    const { gateway: vt } = gateway(smsc.port);
    await vt.waitUntilUp(2_000);
    await vt.close();
    expect(smsc.stats.unbinds).toBe(1);
    await expect(vt.submit(VIETTEL, 'x')).rejects.toMatchObject({ code: 'SMPP_CLOSED' });
  });
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
