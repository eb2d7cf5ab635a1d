// The SMSC simulator as a process, for demos and manual runs:
//   SMSC_PORT=2775 SMSC_SYSTEM_ID=demo SMSC_PASSWORD=secret SMSC_TPS=50 SMSC_HTTP_PORT=2776 \
//     node --import tsx test/peers/smsc/main.ts
//   curl -X POST localhost:2776/mo -H 'content-type: application/json' \
//     -d '{"from":"+84912345678","to":"8088","text":"Tôi bị sốt"}'
//   curl localhost:2776/submitted
// SMSC_TLS_KEY and SMSC_TLS_CERT (PEM files, e.g. test/peers/smsc/tls/) serve ssmpp:// instead.
// A test peer, not part of the service: it reads its own variables rather than going through core/config.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { type SubmittedPdu, startSmscSimulator } from './smsc-simulator.js';

const port = z.coerce.number().int().min(0).max(65_535);
const env = z
  .object({
    SMSC_HOST: z.string().default('127.0.0.1'),
    SMSC_PORT: port.default(2775),
    SMSC_SYSTEM_ID: z.string().min(1).default('demo'),
    SMSC_PASSWORD: z.string().default('demo'),
    SMSC_TPS: z.coerce.number().int().min(1).optional(),
    SMSC_RECEIPT_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
    SMSC_HTTP_PORT: port.default(2776),
    SMSC_TLS_KEY: z.string().min(1).optional(),
    SMSC_TLS_CERT: z.string().min(1).optional(),
  })
  // One without the other would quietly serve plain SMPP to a client expecting TLS.
  .refine((value) => (value.SMSC_TLS_KEY === undefined) === (value.SMSC_TLS_CERT === undefined), {
    message: 'SMSC_TLS_KEY and SMSC_TLS_CERT go together',
  })
  .parse(process.env);
const tls =
  env.SMSC_TLS_KEY && env.SMSC_TLS_CERT
    ? { key: readFileSync(env.SMSC_TLS_KEY, 'utf8'), cert: readFileSync(env.SMSC_TLS_CERT, 'utf8') }
    : undefined;

const moSchema = z.object({ from: z.string().min(1), to: z.string().min(1), text: z.string() });

const simulator = await startSmscSimulator({
  host: env.SMSC_HOST,
  port: env.SMSC_PORT,
  systemId: env.SMSC_SYSTEM_ID,
  password: env.SMSC_PASSWORD,
  tps: env.SMSC_TPS,
  receiptDelayMs: env.SMSC_RECEIPT_DELAY_MS,
  tls,
});

const http = createServer((request, response) => {
  route(request, response).catch((error: unknown) => reply(response, 500, { error: String(error) }));
});
http.listen(env.SMSC_HTTP_PORT, env.SMSC_HOST);
console.log(
  `SMSC simulator: ${tls ? 'ssmpp (TLS)' : 'SMPP'} on ${env.SMSC_HOST}:${simulator.port}, HTTP hook on port ${env.SMSC_HTTP_PORT}`,
);

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && request.url === '/submitted') {
    return reply(response, 200, simulator.submitted.map(toJson));
  }
  if (request.method === 'POST' && request.url === '/mo') {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return reply(response, 400, { error: 'body must be JSON {from, to, text}' });
    }
    const mo = moSchema.safeParse(body);
    if (!mo.success) return reply(response, 400, { error: mo.error.issues.map((issue) => issue.message).join('; ') });
    try {
      await simulator.injectMo(mo.data.from, mo.data.to, mo.data.text);
    } catch (error) {
      return reply(response, 409, { error: error instanceof Error ? error.message : String(error) });
    }
    return reply(response, 202, { delivered: true });
  }
  reply(response, 404, { error: 'POST /mo or GET /submitted' });
}

function toJson(pdu: SubmittedPdu): Record<string, unknown> {
  return { ...pdu, udh: pdu.udh?.toString('hex'), time: pdu.time.toISOString() };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body, null, 2));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    http.close();
    void simulator.close().then(() => process.exit(0));
  });
}
