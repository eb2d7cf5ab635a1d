import { describe, expect, it, onTestFinished } from 'vitest';
import { createSmppGateways, SmppSender } from '../../bots/sms/smpp/index.js';
import { PermanentSendError } from '../../core/channels/contract.js';
import type { SmscSimulator } from '../peers/smsc/smsc-simulator.js';
import { discardingInbox } from './discarding-inbox.js';
import { simulator, until } from './smpp-harness.js';

const CHOICES = [
  { value: 'yes', label: 'Có' },
  { value: 'no', label: 'Không' },
];

/** Viettel and VinaPhone binds on two simulators, configured as an operator would (password URL-encoded). */
async function setUp(options: { unicode?: boolean; fallback?: string } = {}) {
  const viettel = await simulator();
  const vina = await simulator();
  const entry = (name: string, smsc: SmscSimulator, prefixes: string) =>
    `${name}=smpp://soyte:p%40ss%3B1@127.0.0.1:${smsc.port}?tps=200&prefixes=${prefixes}&source=SOYTE`;
  const { gateways, fallback } = createSmppGateways(
    {
      SMPP_GATEWAYS: `${entry('viettel', viettel, '86,96-98,32-39')};${entry('vina', vina, '88,91,94,81-85')}`,
      SMPP_FALLBACK_GATEWAY: options.fallback,
    },
    { reconnectMinMs: 50, reconnectMaxMs: 200, submitTimeoutMs: 3_000 },
  );
  for (const gateway of gateways) gateway.start(discardingInbox);
  const sender = new SmppSender({ gateways, fallback, unicode: options.unicode ?? false });
  onTestFinished(() => sender.close());
  await Promise.all(gateways.map((gateway) => gateway.waitUntilUp(2_000)));
  return { sender, gateways, viettel, vina };
}

describe('SmppSender', () => {
  it('renders numbered choices folded to GSM-7 and routes each recipient by its prefix', async () => {
    const { sender, viettel, vina } = await setUp();

    const toViettel = await sender.send({
      messageId: 'm1',
      recipient: '096 123 4567',
      text: 'Bạn đã tiêm mũi 2 chưa?',
      choices: CHOICES,
    });
    const toVina = await sender.send({ messageId: 'm2', recipient: '+84912345678', text: 'Nhắc lịch tiêm' });

    // Both simulators count from 1: the gateway prefix keeps the two first messages apart.
    expect(toViettel).toEqual({ providerMessageId: `viettel:${viettel.submitted[0]?.messageId}`, parts: 1 });
    expect(toVina).toEqual({ providerMessageId: `vina:${vina.submitted[0]?.messageId}`, parts: 1 });
    expect(toViettel.providerMessageId).not.toBe(toVina.providerMessageId);
    expect(viettel.submitted.map(({ destination, dataCoding, text }) => ({ destination, dataCoding, text }))).toEqual([
      { destination: '84961234567', dataCoding: 0, text: 'Ban da tiem mui 2 chua?\n1. Co  2. Khong' },
    ]);
    expect(vina.submitted.map((pdu) => pdu.text)).toEqual(['Nhac lich tiem']);
  });

  it('keeps diacritics as UCS-2 when unicode is on, and reports the first part of a long message', async () => {
    const { sender, viettel } = await setUp({ unicode: true });
    const text = 'Sở Y tế thông báo: '.padEnd(150, 'người dân đến trạm y tế phường để tiêm mũi nhắc lại. ');

    const receipt = await sender.send({ messageId: 'm3', recipient: '0981234567', text });

    expect(receipt.parts).toBe(3);
    expect(receipt.providerMessageId).toBe(
      `viettel:${viettel.submitted.find((pdu) => pdu.concat?.seq === 1)?.messageId}`,
    );
    expect(viettel.submitted.every((pdu) => pdu.dataCoding === 8)).toBe(true);
  });

  it('gives two long messages with the same text their own concatenation references, and both reassemble', async () => {
    const { sender, viettel } = await setUp();
    const text = 'Sở Y tế thông báo: '.padEnd(400, 'người dân đến trạm y tế phường để tiêm mũi nhắc lại. ');
    const folded = 'So Y te thong bao: '.padEnd(400, 'nguoi dan den tram y te phuong de tiem mui nhac lai. ');

    const receipts = [
      await sender.send({ messageId: 'm6', recipient: '0961234567', text }),
      await sender.send({ messageId: 'm7', recipient: '0961234567', text }),
    ];

    expect(receipts.map((receipt) => receipt.parts)).toEqual([3, 3]);
    const references = [...new Set(viettel.submitted.map((pdu) => pdu.concat?.ref))];
    expect(references).toHaveLength(2);
    for (const reference of references) {
      const ordered = viettel.submitted
        .filter((pdu) => pdu.concat?.ref === reference)
        .toSorted((a, b) => (a.concat?.seq ?? 0) - (b.concat?.seq ?? 0));
      expect(ordered.map((pdu) => [pdu.concat?.seq, pdu.concat?.total])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      expect(ordered.map((pdu) => pdu.text).join('')).toBe(folded);
    }
  });

  it('sends a down gateway’s traffic through the fallback', async () => {
    const { sender, gateways, viettel, vina } = await setUp({ fallback: 'viettel' });
    vina.kill();
    await until(() => gateways.find((gateway) => gateway.name === 'vina')?.isUp === false, 'vina down');

    await sender.send({ messageId: 'm4', recipient: '0912345678', text: 'Qua duong du phong' });

    expect(viettel.submitted.map((pdu) => [pdu.destination, pdu.text])).toEqual([
      ['84912345678', 'Qua duong du phong'],
    ]);
  });

  it('refuses numbers it cannot route, permanently and without opting anyone out', async () => {
    const { sender } = await setUp();
    const failure = (recipient: string) =>
      sender.send({ messageId: 'm5', recipient, text: 'x' }).catch((error: unknown) => error);

    const notMobile = await failure('02438123456');
    const vietnamobile = await failure('0921234567');

    expect(notMobile).toBeInstanceOf(PermanentSendError);
    expect(notMobile).toMatchObject({ code: 'SMS_INVALID_NUMBER', optOut: false });
    expect(vietnamobile).toBeInstanceOf(PermanentSendError);
    expect(vietnamobile).toMatchObject({ code: 'SMS_NO_ROUTE', optOut: false });
  });
});
