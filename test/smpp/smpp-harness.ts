import { onTestFinished } from 'vitest';
import { SmppGateway, type SmppGatewayOptions } from '../../bots/sms/smpp/index.js';
import type { DeliveryUpdate, InboundEvent } from '../../core/channels/contract.js';
import { type SmscSimulator, type SmscSimulatorOptions, startSmscSimulator } from '../peers/smsc/smsc-simulator.js';

export const SYSTEM_ID = 'soyte';
export const PASSWORD = 'p@ss;1';

/** An SMSC simulator on a free 127.0.0.1 port, closed when the test ends. */
export async function simulator(options: Partial<SmscSimulatorOptions> = {}): Promise<SmscSimulator> {
  const smsc = await startSmscSimulator({ systemId: SYSTEM_ID, password: PASSWORD, receiptDelayMs: 20, ...options });
  onTestFinished(() => smsc.close());
  return smsc;
}

export interface GatewayUnderTest {
  gateway: SmppGateway;
  mo: InboundEvent[];
  receipts: DeliveryUpdate[];
  downs: Error[];
}

/** A started gateway bound to `port`, recording its events; closed (before the simulator) when the test ends. */
export function gateway(port: number, options: Partial<SmppGatewayOptions> = {}): GatewayUnderTest {
  const under: GatewayUnderTest = {
    gateway: new SmppGateway({
      name: 'vt',
      url: `smpp://127.0.0.1:${port}`,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      tps: 1_000,
      window: 10,
      prefixes: ['86', '96', '97', '98'],
      source: 'SOYTE',
      reconnectMinMs: 50,
      reconnectMaxMs: 400,
      submitTimeoutMs: 5_000,
      ...options,
    }),
    mo: [],
    receipts: [],
    downs: [],
  };
  under.gateway.on('mo', (event) => under.mo.push(event));
  under.gateway.on('receipt', (update) => under.receipts.push(update));
  under.gateway.on('down', (error) => under.downs.push(error));
  under.gateway.start();
  onTestFinished(() => under.gateway.close());
  return under;
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
