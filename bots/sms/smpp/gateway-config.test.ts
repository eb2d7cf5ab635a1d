import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSmppGateways, SmppConfigError } from './gateway-config.js';

const VIETTEL = 'viettel=smpp://soyte:s%40cr%3Bt@10.0.0.5:2775?tps=80&prefixes=86,96,97,98,32-39&source=SOYTE HN';

describe('parseSmppGateways', () => {
  it('parses an entry: credentials decoded, ranges expanded, URL without credentials', () => {
    const { gateways, fallback } = parseSmppGateways(VIETTEL);
    expect(fallback).toBeUndefined();
    expect(gateways).toEqual([
      {
        name: 'viettel',
        url: 'smpp://10.0.0.5:2775',
        systemId: 'soyte',
        password: 's@cr;t',
        tps: 80,
        // Unless the carrier allows more, ten submits unanswered at once.
        window: 10,
        prefixes: ['86', '96', '97', '98', '32', '33', '34', '35', '36', '37', '38', '39'],
        source: 'SOYTE HN',
      },
    ]);
  });

  it('parses several entries, blanks and a trailing ";" tolerated, and a fallback', () => {
    const value = ` ${VIETTEL} ; vina=ssmpp://a:b@smsc.vnpt.vn?tps=20&prefixes=88,91,94,81-85&source=8088; `;
    const { gateways, fallback } = parseSmppGateways(
      `${value}mobi=smpp://c:d@10.0.0.7?tps=50&window=64&prefixes=90&source=SOYTE`,
      'vina',
    );
    expect(gateways.map((gateway) => [gateway.name, gateway.url, gateway.source, gateway.window])).toEqual([
      ['viettel', 'smpp://10.0.0.5:2775', 'SOYTE HN', 10],
      ['vina', 'ssmpp://smsc.vnpt.vn:3550', '8088', 10],
      ['mobi', 'smpp://10.0.0.7:2775', 'SOYTE', 64],
    ]);
    expect(fallback).toBe('vina');
  });

  const base = 'smpp://u:p@host:2775';
  const bad = [
    { description: 'empty value', value: ' ; ', error: /no gateway configured/ },
    {
      description: 'missing name',
      value: `${base}?tps=1&prefixes=86&source=A`,
      error: /entry 1: must start with a name/,
    },
    { description: 'not a URL', value: 'vt=not a url', error: /entry 1 \("vt"\): is not a URL/ },
    {
      description: 'wrong scheme',
      value: 'vt=http://u:p@h?tps=1&prefixes=86&source=A',
      error: /smpp:\/\/ or ssmpp:\/\//,
    },
    { description: 'no credentials', value: 'vt=smpp://h:1?tps=1&prefixes=86&source=A', error: /system_id:password@/ },
    { description: 'missing tps', value: `vt=${base}?prefixes=86&source=A`, error: /"vt"\): tps: is required/ },
    { description: 'tps zero', value: `vt=${base}?tps=0&prefixes=86&source=A`, error: /tps: must be at least 1/ },
    {
      description: 'tps not a number',
      value: `vt=${base}?tps=fast&prefixes=86&source=A`,
      error: /tps: must be a whole/,
    },
    {
      description: 'window zero',
      value: `vt=${base}?tps=1&window=0&prefixes=86&source=A`,
      error: /window: must be at least 1/,
    },
    {
      description: 'window too wide',
      value: `vt=${base}?tps=1&window=5000&prefixes=86&source=A`,
      error: /window: must be at most 1000/,
    },
    {
      description: 'window not a number',
      value: `vt=${base}?tps=1&window=big&prefixes=86&source=A`,
      error: /window: must be a whole/,
    },
    { description: 'missing prefixes', value: `vt=${base}?tps=1&source=A`, error: /prefixes: is required/ },
    { description: 'trunk 0 written', value: `vt=${base}?tps=1&prefixes=086&source=A`, error: /without the trunk 0/ },
    { description: 'reversed range', value: `vt=${base}?tps=1&prefixes=39-32&source=A`, error: /low to high/ },
    { description: 'ragged range', value: `vt=${base}?tps=1&prefixes=3-39&source=A`, error: /same length/ },
    { description: 'junk prefix', value: `vt=${base}?tps=1&prefixes=8x&source=A`, error: /"8x": expected 1–4 digits/ },
    { description: 'empty prefix item', value: `vt=${base}?tps=1&prefixes=86,,96&source=A`, error: /"": expected/ },
    { description: 'brandname too long', value: `vt=${base}?tps=1&prefixes=86&source=SOYTEHANOI12`, error: /source:/ },
    { description: 'missing source', value: `vt=${base}?tps=1&prefixes=86`, error: /source: is required/ },
    { description: 'misspelt parameter', value: `vt=${base}?tps=1&prefix=86&source=A`, error: /prefix/ },
    { description: 'malformed escape', value: 'vt=smpp://u:p%zz@h?tps=1&prefixes=86&source=A', error: /password|URL/ },
    {
      description: 'duplicate name',
      value: `vt=${base}?tps=1&prefixes=86&source=A;vt=${base}?tps=1&prefixes=96&source=A`,
      error: /"vt" is used twice/,
    },
    {
      description: 'prefix claimed twice',
      value: `vt=${base}?tps=1&prefixes=86&source=A;vt2=${base}?tps=1&prefixes=80-89&source=A`,
      error: /prefix 86 is claimed by both "vt" and "vt2"/,
    },
  ];

  it.each(bad)('rejects $description', ({ value, error }) => {
    expect(() => parseSmppGateways(value)).toThrow(SmppConfigError);
    expect(() => parseSmppGateways(value)).toThrow(error);
  });

  it('names the second entry when it is the bad one', () => {
    expect(() => parseSmppGateways(`${VIETTEL};vina=${base}?tps=x&prefixes=91&source=A`)).toThrow(
      /entry 2 \("vina"\): tps/,
    );
  });

  it('reads the CA of an ssmpp:// SMSC from ca=<file>, and refuses it where it cannot apply or be read', () => {
    const ca = fileURLToPath(new URL('../../../test/peers/smsc/tls/smsc-cert.pem', import.meta.url));
    const entry = (scheme: string, file: string) =>
      `vt=${scheme}://u:p@127.0.0.1:3550?tps=1&prefixes=86&source=A&ca=${encodeURIComponent(file)}`;
    const [gateway] = parseSmppGateways(entry('ssmpp', ca)).gateways;
    expect(gateway?.ca).toBe(readFileSync(ca, 'utf8'));
    expect(() => parseSmppGateways(entry('smpp', ca))).toThrow(/"vt"\): ca applies to ssmpp:\/\/ \(TLS\) only/);
    expect(() => parseSmppGateways(entry('ssmpp', '/nonexistent/ca.pem'))).toThrow(
      /ca: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/,
    );
    const notPem = fileURLToPath(import.meta.url);
    expect(() => parseSmppGateways(entry('ssmpp', notPem))).toThrow(/holds no PEM certificate/);
  });

  it('rejects a fallback that is not a configured gateway', () => {
    expect(() => parseSmppGateways(VIETTEL, 'vina')).toThrow(/SMPP_FALLBACK_GATEWAY: "vina"/);
  });

  it.each([
    { description: 'a bad parameter', value: 'vt=smpp://user:TopSecret9@h:2775?tps=nope&prefixes=86&source=A' },
    { description: 'a missing name', value: 'smpp://user:TopSecret9@h:2775?tps=1&prefixes=86&source=A' },
  ])('never echoes the password, even for $description', ({ value }) => {
    expect(() => parseSmppGateways(value)).toThrow(SmppConfigError);
    expect(() => parseSmppGateways(value)).not.toThrow(/TopSecret9/);
  });
});
