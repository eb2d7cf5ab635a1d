import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../workers/redis-connection.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { type ChildService, startChildService } from './support/child-service.js';
import { deleteKeysWithPrefix } from './support/redis-keys.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';
import { TEST_NATIONAL_ID_KEY } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const RECIPIENTS = 20_000;
const TOKEN = 'crash-test-admin-token-0123456789';
// The bind's window: what its route worker may have submitted to the SMSC without its send stored yet
// (OutboundRoute.inFlight), so the most a restart may send twice.
const WINDOW = 20;

// The worker process killed with SIGKILL in the middle of a 20,000-person alert, then started again: everyone gets
// the alert exactly once, apart from what was in flight at the kill, counted at the carrier's SMSC.
describe('a campaign survives a killed worker', () => {
  let testDb: TestDatabase;
  let smsc: SmscSimulator;
  let service: ChildService | undefined;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    smsc = await startSmscSimulator({ systemId: 'soyte', password: 'crash-test', receiptDelayMs: 3_600_000 });
  });
  afterAll(async () => {
    await service?.stop('SIGKILL');
    await smsc.close();
    const redis = createRedisConnection(testRedisUrl());
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    await testDb.drop();
  });

  const start = () =>
    startChildService({
      DATABASE_URL: testDb.url ?? '',
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      ADMIN_API_TOKEN: TOKEN,
      NATIONAL_ID_KEY: TEST_NATIONAL_ID_KEY,
      LOG_LEVEL: 'warn',
      SMPP_GATEWAYS: `viettel=smpp://soyte:crash-test@127.0.0.1:${smsc.port}?tps=10000&window=${WINDOW}&prefixes=86,96-98,32-39&source=SOYTE`,
    });

  it('sends every recipient one message after SIGKILL and restart', { timeout: 900_000 }, async () => {
    service = await start();
    const phones = Array.from({ length: RECIPIENTS }, (_, i) => `098${String(i).padStart(7, '0')}`);
    const response = await fetch(`${service.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'exposure',
        urgent: true,
        title: 'crash test',
        createdBy: 'test',
        channelPolicy: ['sms'],
        message: { text: { vi: 'Ban da o cung dia diem voi ca benh. Goi 1900 9095.' } },
        audience: { type: 'phones', recipients: phones.map((phone) => ({ phone })) },
      }),
    });
    expect(response.status).toBe(201);

    await waitFor('a quarter of the alert sent', () => smsc.submitted.length >= RECIPIENTS / 4, 300_000);
    await service.stop('SIGKILL');
    const atKill = smsc.submitted.length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    service = await start();
    const unique = () => new Set(smsc.submitted.map((pdu) => pdu.destination)).size;
    await waitFor('every recipient reached', () => unique() === RECIPIENTS, 600_000);
    // Whatever a restarted job would still resend has had its chance by the time the queues are empty.
    await waitFor(
      'queues drained',
      async () => {
        const body = (await (await fetch(`${service?.url}/metrics`)).text()).split('\n');
        return body
          .filter((line) => line.startsWith('queue_jobs{') && /state="(waiting|active|delayed)"/.test(line))
          .every((line) => line.endsWith(' 0'));
      },
      60_000,
    );
    const duplicates = smsc.submitted.length - unique();
    expect(duplicates).toBeLessThanOrEqual(WINDOW);
  });
});
