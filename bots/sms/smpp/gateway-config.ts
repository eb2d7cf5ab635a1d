import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One SMPP bind, as configured in SMPP_GATEWAYS. */
export interface SmppGatewayConfig {
  name: string;
  /** smpp://host:port (or ssmpp:// for TLS), without the credentials. */
  url: string;
  systemId: string;
  password: string;
  /** Submits per second the carrier sold for this bind. */
  tps: number;
  /** Most submit_sm awaiting their response at once, as the carrier allows (default 10). */
  window: number;
  /** Leading digits of the national number without the trunk 0: "86" routes 086…; ranges are already expanded. */
  prefixes: readonly string[];
  /** Sender shown on handsets: a brandname (≤ 11 characters) or a number. */
  source: string;
  /** For ssmpp://: the PEM certificates (read from `ca=<file>`) that sign the SMSC's, when not a public CA's. */
  ca?: string | undefined;
}

export interface SmppGatewaysConfig {
  gateways: SmppGatewayConfig[];
  /** The gateway that takes a down gateway's traffic and the numbers no prefix matches. */
  fallback: string | undefined;
}

export class SmppConfigError extends Error {
  readonly code = 'SMPP_CONFIG_INVALID';
}

const NAME = /^[A-Za-z0-9_-]{1,32}$/;
// A national significant number never starts with 0; prefixes longer than 4 digits would be single subscribers.
const PREFIX = /^[1-9]\d{0,3}$/;
const DEFAULT_PORT: Record<string, number> = { 'smpp:': 2775, 'ssmpp:': 3550 };

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

const paramsSchema = z.strictObject({
  tps: z
    .string(required('a number'))
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(10_000, 'must be at most 10000')),
  window: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(1000, 'must be at most 1000'))
    .default(10),
  prefixes: z.string(required('a list')).transform((value, ctx) => {
    const prefixes: string[] = [];
    for (const item of value.split(',')) {
      const expanded = expandPrefix(item.trim());
      if (typeof expanded === 'string') {
        ctx.addIssue({ code: 'custom', message: expanded });
        return z.NEVER;
      }
      prefixes.push(...expanded);
    }
    return prefixes;
  }),
  source: z
    .string(required('text'))
    .regex(
      /^(?=.*[A-Za-z])[A-Za-z0-9 ._-]{1,11}$|^\d{1,15}$/,
      'must be a brandname of 1–11 letters, digits, space . _ - or a number of at most 15 digits',
    ),
  ca: z.string().min(1, 'must be a file path').optional(),
});

/**
 * Parses SMPP_GATEWAYS: `name=smpp://system_id:password@host:port?tps=N&prefixes=86,96,32-39&source=BRAND;name2=…`
 * (`&window=N` when the carrier allows more than 10 submits unanswered at once; `&ca=/path/ca.pem` for an ssmpp://
 * SMSC whose certificate a private CA signed).
 * Throws an SmppConfigError naming the bad entry — by position and name, never echoing its password.
 */
export function parseSmppGateways(value: string, fallback?: string): SmppGatewaysConfig {
  const entries = value
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new SmppConfigError('SMPP_GATEWAYS: no gateway configured');
  const gateways = entries.map((entry, index) => parseEntry(entry, index + 1));

  const owners = new Map<string, string>();
  for (const gateway of gateways) {
    if (gateways.filter((other) => other.name === gateway.name).length > 1) {
      throw new SmppConfigError(`SMPP_GATEWAYS: the name "${gateway.name}" is used twice`);
    }
    for (const prefix of gateway.prefixes) {
      const owner = owners.get(prefix);
      if (owner !== undefined) {
        throw new SmppConfigError(
          `SMPP_GATEWAYS: prefix ${prefix} is claimed by both "${owner}" and "${gateway.name}"`,
        );
      }
      owners.set(prefix, gateway.name);
    }
  }
  if (fallback !== undefined && !gateways.some((gateway) => gateway.name === fallback)) {
    throw new SmppConfigError(`SMPP_FALLBACK_GATEWAY: "${fallback}" is not a gateway in SMPP_GATEWAYS`);
  }
  return { gateways, fallback };
}

function parseEntry(entry: string, position: number): SmppGatewayConfig {
  const equals = entry.indexOf('=');
  // Only a well-formed name is quoted back: anything else might be part of the URL, password included.
  const name = equals > 0 && NAME.test(entry.slice(0, equals).trim()) ? entry.slice(0, equals).trim() : '';
  const label = `SMPP_GATEWAYS entry ${position}${name ? ` ("${name}")` : ''}`;
  const fail = (problem: string) => new SmppConfigError(`${label}: ${problem}`);
  if (!name) throw fail('must start with a name of letters, digits, _ or - followed by "="');

  let url: URL;
  try {
    url = new URL(entry.slice(equals + 1).trim());
  } catch {
    throw fail('is not a URL like smpp://system_id:password@host:port?tps=…&prefixes=…&source=…');
  }
  const defaultPort = DEFAULT_PORT[url.protocol];
  if (defaultPort === undefined) throw fail(`scheme must be smpp:// or ssmpp://, not ${url.protocol}//`);
  if (!url.hostname) throw fail('has no host');
  if (!url.username || !url.password) throw fail('needs system_id:password@ before the host');

  const params = paramsSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!params.success) {
    throw fail(params.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
  }
  const { ca } = params.data;
  if (ca !== undefined && url.protocol !== 'ssmpp:') throw fail('ca applies to ssmpp:// (TLS) only');
  return {
    name,
    url: `${url.protocol}//${url.hostname}:${url.port || defaultPort}`,
    systemId: decode(url.username, () => fail('system_id has a malformed %-escape')),
    password: decode(url.password, () => fail('password has a malformed %-escape')),
    tps: params.data.tps,
    window: params.data.window,
    prefixes: params.data.prefixes,
    source: params.data.source,
    ca: ca === undefined ? undefined : readCa(ca, fail),
  };
}

function readCa(file: string, fail: (problem: string) => Error): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw fail(`ca: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw fail(`ca: ${file} holds no PEM certificate`);
  return pem;
}

/** "86" → ["86"], "32-39" → ["32", …, "39"]; a string is what is wrong with the item. */
function expandPrefix(item: string): string[] | string {
  const range = /^(\d+)-(\d+)$/.exec(item);
  const [from, to] = range ? [range[1] ?? '', range[2] ?? ''] : [item, item];
  for (const end of [from, to]) {
    if (end.startsWith('0')) return `"${item}": write prefixes without the trunk 0 (086 is 86)`;
    if (!PREFIX.test(end)) return `"${item}": expected 1–4 digits or a range like 32-39`;
  }
  if (from.length !== to.length || Number(from) > Number(to)) {
    return `"${item}": a range runs from low to high between ends of the same length`;
  }
  return Array.from({ length: Number(to) - Number(from) + 1 }, (_, offset) => String(Number(from) + offset));
}

function decode(value: string, onError: () => Error): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw onError();
  }
}
