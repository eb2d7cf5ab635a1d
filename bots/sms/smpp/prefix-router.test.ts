import { describe, expect, it } from 'vitest';
import { carrierOfVietnamesePhone } from '../../../core/text/index.js';
import { parseSmppGateways } from './gateway-config.js';
import { PrefixRouter, type RoutableGateway } from './prefix-router.js';

// One bind per carrier, configured the way an operator writes SMPP_GATEWAYS (ranges included).
const { gateways } = parseSmppGateways(
  [
    'viettel=smpp://u:p@viettel.example:2775?tps=50&prefixes=86,96,97,98,32-39&source=SOYTE',
    'vinaphone=smpp://u:p@vnpt.example:2775?tps=50&prefixes=88,91,94,81-85&source=SOYTE',
    'mobifone=smpp://u:p@mobifone.example:2775?tps=50&prefixes=89,90,93,70,76-79&source=SOYTE',
    'vietnamobile=smpp://u:p@vnmobile.example:2775?tps=10&prefixes=92,56,58&source=SOYTE',
    'gmobile=smpp://u:p@gmobile.example:2775?tps=10&prefixes=99,59&source=SOYTE',
    'reddi=smpp://u:p@reddi.example:2775?tps=10&prefixes=55&source=SOYTE',
    'itel=smpp://u:p@itel.example:2775?tps=10&prefixes=87&source=SOYTE',
  ].join(';'),
);
const router = new PrefixRouter(gateways);
const allUp = () => false;

// Every mobile prefix CHANNELS.md lists, with the carrier that owns it.
const CARRIER_PREFIXES = {
  viettel: ['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039'],
  vinaphone: ['088', '091', '094', '081', '082', '083', '084', '085'],
  mobifone: ['089', '090', '093', '070', '076', '077', '078', '079'],
  vietnamobile: ['092', '056', '058'],
  gmobile: ['099', '059'],
  reddi: ['055'],
  itel: ['087'],
};
const cases = Object.entries(CARRIER_PREFIXES).flatMap(([carrier, prefixes]) =>
  prefixes.map((prefix) => ({ carrier, prefix, e164: `+84${prefix.slice(1)}2345678` })),
);

describe('PrefixRouter: every carrier prefix', () => {
  it.each(cases)('$prefix → $carrier', ({ carrier, e164 }) => {
    expect(router.route(e164, allUp)?.name).toBe(carrier);
    // The same table core/text uses to name the carrier: configuration and carrier naming agree.
    expect(carrierOfVietnamesePhone(e164)).toBe(carrier);
  });

  it('covers all 35 prefixes', () => {
    expect(cases).toHaveLength(35);
  });
});

describe('PrefixRouter', () => {
  const gateway = (name: string, prefixes: string[]): RoutableGateway => ({ name, prefixes });
  const wide = gateway('wide', ['9']);
  const viettel = gateway('viettel', ['96', '97']);
  const spare = gateway('spare', []);

  it.each([
    { description: 'longer prefix wins', e164: '+84962345678', expected: 'viettel' },
    { description: 'shorter prefix catches the rest', e164: '+84912345678', expected: 'wide' },
    { description: 'no match goes to the fallback', e164: '+84362345678', expected: 'spare' },
    { description: 'not a Vietnamese E.164 number', e164: '0962345678', expected: undefined },
    { description: 'foreign number', e164: '+12025550100', expected: undefined },
  ])('$description', ({ e164, expected }) => {
    const withFallback = new PrefixRouter([wide, viettel, spare], 'spare');
    expect(withFallback.route(e164, allUp)?.name).toBe(expected);
  });

  it('returns undefined when nothing matches and no fallback is configured', () => {
    expect(new PrefixRouter([viettel]).route('+84912345678', allUp)).toBeUndefined();
  });

  it('sends a down gateway’s traffic to the fallback while the fallback is up', () => {
    const withFallback = new PrefixRouter([viettel, spare], 'spare');
    expect(withFallback.route('+84962345678', (g) => g === viettel)?.name).toBe('spare');
  });

  it('keeps the primary when the fallback is down too, so the send waits for a reconnect', () => {
    const withFallback = new PrefixRouter([viettel, spare], 'spare');
    expect(withFallback.route('+84962345678', () => true)?.name).toBe('viettel');
  });

  it('keeps a down primary when no fallback is configured', () => {
    expect(new PrefixRouter([viettel]).route('+84962345678', () => true)?.name).toBe('viettel');
  });
});
