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
  /** What the gateway handed over and was told was stored. */
  mo: InboundEvent[];
  receipts: DeliveryUpdate[];
  downs: Error[];
  /** While set, the inbox refuses what it is handed, as a service whose database is away would. */
  refusing: boolean;
  /** How many it refused. */
  refused: number;
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
    refusing: false,
    refused: 0,
  };
  const store = async <T>(into: T[], value: T) => {
    if (under.refusing) {
      under.refused += 1;
      throw new Error('database away');
    }
    into.push(value);
  };
  under.gateway.on('down', (error) => under.downs.push(error));
  under.gateway.start({ mo: (event) => store(under.mo, event), receipt: (update) => store(under.receipts, update) });
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
