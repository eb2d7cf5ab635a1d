import { startSmscSimulator } from '../../peers/smsc/smsc-simulator.js';
import type { ChannelDriver } from './driver.js';

const SYSTEM_ID = 'soyte';
const PASSWORD = 'conformance';

/** SMS through a carrier bind: the SMSC simulator injects MO messages and records every submit_sm. */
export async function smppDriver(): Promise<ChannelDriver> {
  const smsc = await startSmscSimulator({ systemId: SYSTEM_ID, password: PASSWORD, receiptDelayMs: 50 });
  return {
    channel: 'sms',
    env: {
      SMPP_GATEWAYS: `viettel=smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}?tps=200&prefixes=86,96-98,32-39&source=SOYTE`,
      SMS_SHORTCODE: '8088',
    },
    attach: () => undefined,
    userId: (n) => `+8498765${String(4000 + n)}`,
    async send(user, text) {
      await smsc.injectMo(user.replace('+', ''), '8088', text);
      return 200;
    },
    sendForged: () => Promise.reject(new Error('an SMPP bind has no webhook to forge')),
    received: (user) =>
      smsc.submitted.filter((pdu) => `+${pdu.destination.replace(/^\+/, '')}` === user).map((pdu) => pdu.text),
    close: () => smsc.close(),
  };
}
