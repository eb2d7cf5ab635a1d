// Citizens texting in through a carrier bind: N handsets each send "xin chao" at once (as after an alert that asks
// for a reply), through one SMSC simulator, to the service as production runs it (compiled, one process).
// Usage: npm run bench:mo -- [--messages 2000]
// Prints, measured in this run: MO messages taken a second (each answered only once stored) ÷ the rate a bare smpp
// client takes them answering each at once, and how long until every sender had the bot's first two replies.
// Uses the local PostgreSQL and Redis (BENCH_DATABASE_URL / BENCH_REDIS_URL), in a temporary database and prefix.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import smpp from 'smpp';
import { type SmscSimulator, startSmscSimulator } from '../test/peers/smsc/smsc-simulator.js';
import { startChildService } from '../test/support/child-service.js';
import { withDatabase } from '../test/support/database-url.js';
import { deleteKeysWithPrefix } from '../test/support/redis-keys.js';
import { createRedisConnection } from '../workers/redis-connection.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' } } });
const MESSAGES = Number(values.messages);
const CREDENTIALS = { systemId: 'bench', password: 'bench' };
const phone = (offset: number, index: number) => `8498${String(offset + index).padStart(7, '0')}`;

/** Injects one MO from each of `count` handsets at once; resolves with the seconds until the ESME took the last. */
async function injectAll(smsc: SmscSimulator, offset: number, count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => smsc.injectMo(phone(offset, i), '8088', 'xin chao')));
  return (performance.now() - started) / 1000;
}

/** A bare smpp client bound to the simulator, answering every deliver_sm at once: the rate an SMSC can hand MOs over. */
async function bareRate(smsc: SmscSimulator): Promise<number> {
  const session = smpp.connect({ url: `smpp://127.0.0.1:${smsc.port}` });
  session.on('error', () => undefined);
  session.on('deliver_sm', (pdu) => session.send(pdu.response()));
  await new Promise<void>((resolve) =>
    session.send(
      new smpp.PDU('bind_transceiver', { system_id: CREDENTIALS.systemId, password: CREDENTIALS.password }),
      () => resolve(),
    ),
  );
  const seconds = await injectAll(smsc, 0, MESSAGES);
  session.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return MESSAGES / seconds;
}

async function main(): Promise<void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const smsc = await startSmscSimulator({ ...CREDENTIALS, receiptDelayMs: 3_600_000, deliveryAttempts: 100 });
  const bare = Math.max(await bareRate(smsc), await bareRate(smsc));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const name = `mo_${randomBytes(3).toString('hex')}`;
  const prefix = `mo${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const bindsBefore = smsc.stats.binds;
  const service = await startChildService(
    {
      DATABASE_URL: withDatabase(adminUrl, name),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'error',
      NATIONAL_ID_KEY: randomBytes(32).toString('base64'),
      SMPP_GATEWAYS: `viettel=smpp://bench:bench@127.0.0.1:${smsc.port}?tps=10000&window=128&prefixes=86,96-98,32-39&source=SOYTE`,
    },
    { compiled: true },
  );
  try {
    while (smsc.stats.binds === bindsBefore) await new Promise((resolve) => setTimeout(resolve, 50));
    const before = smsc.submitted.length;
    const started = performance.now();
    const takenSeconds = await injectAll(smsc, 1_000_000, MESSAGES);
    // Each new sender gets the greeting and the menu: two SMS.
    while (smsc.submitted.length - before < 2 * MESSAGES && performance.now() - started < 600_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const answeredSeconds = (performance.now() - started) / 1000;
    const taken = MESSAGES / takenSeconds;
    console.log(`bench/mo on ${process.platform}, Node ${process.version}, ${MESSAGES} handsets texting at once`);
    console.log(
      `MO taken (each answered once stored): ${taken.toFixed(0)}/s = ${(taken / bare).toFixed(3)} of a bare client answering at once (${bare.toFixed(0)}/s)`,
    );
    console.log(
      `every sender had both replies ${answeredSeconds.toFixed(1)} s after the first MO: ${(MESSAGES / answeredSeconds).toFixed(0)} conversations a second (${smsc.submitted.length - before} SMS)`,
    );
  } finally {
    await service.stop('SIGTERM');
    await smsc.close();
    const redis = createRedisConnection(redisUrl);
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    await admin.query(`drop database "${name}" with (force)`);
    await admin.end();
  }
}

await main();
