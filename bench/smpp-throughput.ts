// SMS/s through our SMPP stack, as ratios of what a bare smpp client reaches against the same SMSC simulator in the
// same run. Usage: npm run bench:smpp -- [messages=5000] [pipelineMessages=2000]
// The pipeline stage runs the real outbound path (PostgreSQL rows → BullMQ → worker → gateway) on a temporary
// database of BENCH_DATABASE_URL's server and BENCH_REDIS_URL (default: the local PostgreSQL and Redis).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import smpp from 'smpp';
import { startService } from '../bots/service.js';
import { SmppGateway } from '../bots/sms/smpp/index.js';
import { parseConfig } from '../core/config/env.js';
import { type Database, openDatabase } from '../core/db/database.js';
import { channelIdentities, messages, people } from '../core/db/schema.js';
import { startSmscSimulator } from '../test/peers/smsc/smsc-simulator.js';
import { discardingInbox } from '../test/smpp/discarding-inbox.js';
import { withDatabase } from '../test/support/database-url.js';
import { deleteKeysWithPrefix } from '../test/support/redis-keys.js';
import { createQueues } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';

const N = Number(process.argv[2] ?? 5000);
const PIPELINE_N = Number(process.argv[3] ?? 2000);
const WINDOW = 10;
const CREDENTIALS = { systemId: 'bench', password: 'bench' };
// Receipts far in the future: both sides measure submits only.
const smsc = await startSmscSimulator({ ...CREDENTIALS, receiptDelayMs: 3_600_000 });
const url = `smpp://127.0.0.1:${smsc.port}`;
const phone = (i: number) => `849${String(80_000_000 + i)}`;

async function bareClient(window: number): Promise<number> {
  const session = smpp.connect({ url });
  session.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    session.send(new smpp.PDU('bind_transceiver', { system_id: 'bench', password: 'bench' }), (pdu) =>
      pdu.command_status === 0 ? resolve() : reject(new Error('bind refused')),
    ),
  );
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    let answered = 0;
    const pump = () => {
      while (sent < N && sent - answered < window) {
        const pdu = new smpp.PDU('submit_sm', {
          destination_addr: phone(sent),
          short_message: 'Xin chao',
          data_coding: 0,
        });
        sent++;
        session.send(pdu, () => {
          answered++;
          if (answered === N) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  const rate = N / ((performance.now() - started) / 1000);
  session.close();
  return rate;
}

async function ourGateway(): Promise<number> {
  const gateway = new SmppGateway({
    name: 'bench',
    url,
    ...CREDENTIALS,
    tps: 1_000_000,
    prefixes: ['9'],
    source: 'SOYTE',
    window: WINDOW,
  });
  gateway.start(discardingInbox);
  await gateway.waitUntilUp(5_000);
  const started = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => gateway.submit(`+${phone(i)}`, 'Xin chao')));
  const rate = N / ((performance.now() - started) / 1000);
  await gateway.close();
  return rate;
}

async function pipeline(): Promise<number> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const name = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const databaseUrl = withDatabase(adminUrl, name);
  const prefix = `bench${Date.now().toString(36)}`;
  const config = parseConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // A throwaway database: a fresh random key for its (absent) ID numbers.
    NATIONAL_ID_KEY: randomBytes(32).toString('base64'),
    WORKERS: 'outbound',
    SMPP_GATEWAYS: `bench=smpp://bench:bench@127.0.0.1:${smsc.port}?tps=10000&prefixes=9&source=SOYTE`,
  });
  const service = await startService(config);
  const database = await openDatabase({ url: databaseUrl, dataDir: '.' });
  const ids = await queuedMessages(database.db, PIPELINE_N);
  const connection = createRedisConnection(redisUrl);
  const queues = createQueues(connection, prefix, ['smpp-bench']);
  const before = smsc.submitted.length;
  const started = performance.now();
  for (let i = 0; i < ids.length; i += 1000) {
    await Promise.all(ids.slice(i, i + 1000).map((id) => queues.enqueueSend('smpp-bench', id)));
  }
  while (smsc.submitted.length - before < PIPELINE_N) await new Promise((resolve) => setTimeout(resolve, 20));
  const rate = PIPELINE_N / ((performance.now() - started) / 1000);
  await queues.close();
  await service.close();
  await database.close();
  await deleteKeysWithPrefix(connection, prefix);
  await connection.quit();
  await admin.query(`drop database "${name}" with (force)`);
  await admin.end();
  return rate;
}

/** `count` people reachable by SMS, each with one queued outbound message. */
async function queuedMessages(db: Database, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += 500) {
    const size = Math.min(500, count - offset);
    const persons = await db
      .insert(people)
      .values(Array.from({ length: size }, (_, i) => ({ phone: `+${phone(1_000_000 + offset + i)}` })))
      .returning({ id: people.id, phone: people.phone });
    const identities = await db
      .insert(channelIdentities)
      .values(persons.map((p) => ({ personId: p.id, channel: 'sms', externalId: p.phone ?? '' })))
      .returning({ id: channelIdentities.id });
    const rows = await db
      .insert(messages)
      .values(
        identities.map((identity) => ({
          direction: 'outbound' as const,
          channel: 'sms',
          identityId: identity.id,
          text: 'Xin chao',
          status: 'queued' as const,
        })),
      )
      .returning({ id: messages.id });
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

const rawWindowed = await bareClient(WINDOW);
const rawUnbounded = await bareClient(N);
const gateway = await ourGateway();
const endToEnd = await pipeline();
await smsc.close();

const fmt = (rate: number) => rate.toFixed(0).padStart(8);
console.log(`SMPP throughput, ${N} submits (pipeline: ${PIPELINE_N}), one simulator on loopback, window ${WINDOW}`);
console.log(`bare smpp client, window ${WINDOW}        ${fmt(rawWindowed)} SMS/s`);
console.log(`bare smpp client, unbounded window  ${fmt(rawUnbounded)} SMS/s`);
console.log(
  `our SmppGateway, window ${WINDOW}         ${fmt(gateway)} SMS/s  = ${(gateway / rawWindowed).toFixed(2)} × bare (same window)`,
);
console.log(
  `our full outbound path (PG→BullMQ→SMPP) ${fmt(endToEnd)} SMS/s  = ${(endToEnd / rawUnbounded).toFixed(2)} × bare unbounded`,
);
