import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../bots/service.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { TEST_ADMIN_TOKEN, testServiceConfig } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const SMPP = { systemId: 'soyte', password: 'shutdown' };
const PHONES = Array.from({ length: 8 }, (_, i) => `+8498760000${i}`);

// A route's send batch crawls at the carrier's rate; a process asked to stop must not wait for it to finish.
describe('stopping a worker in the middle of a slow campaign batch', () => {
  let smsc: SmscSimulator;
  let database: TestDatabase;
  beforeAll(async () => {
    smsc = await startSmscSimulator({ ...SMPP, receiptDelayMs: 20 });
    database = await createPostgresTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
    await smsc.close();
  });

  it('hands the rest of the batch back, and the next process sends each person one message', async () => {
    const config = testServiceConfig(database, {
      SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=2&prefixes=86,96-98,32-39&source=SOYTE`,
    });
    const first = await startService(config);
    const response = await fetch(`${first.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'exposure',
        urgent: true,
        title: 'slow route',
        createdBy: 'bs.lan',
        message: { text: { vi: 'Canh bao tiep xuc' } },
        audience: { type: 'phones', recipients: PHONES.map((phone) => ({ phone })) },
      }),
    });
    expect(response.status).toBe(201);
    await waitFor('the first SMS', () => smsc.submitted.length > 0);
    await first.close();
    // At 2 TPS the batch of eight had seconds to go: the stop did not wait for it.
    const sentByFirst = smsc.submitted.length;
    expect(sentByFirst).toBeLessThan(PHONES.length);

    const second = await startService(config);
    try {
      await waitFor('everyone', () => new Set(smsc.submitted.map((pdu) => pdu.destination)).size === PHONES.length);
    } finally {
      await second.close();
    }
    const perPhone = new Map<string, number>();
    for (const pdu of smsc.submitted) perPhone.set(pdu.destination, (perPhone.get(pdu.destination) ?? 0) + 1);
    expect([...perPhone.values()]).toEqual(PHONES.map(() => 1));
  });
});
