import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../bots/service.js';
import { channelIdentities, messages } from '../core/db/schema.js';
import { splitSmsParts } from '../core/text/index.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';
import { testServiceConfig } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const SMPP = { systemId: 'soyte', password: 'long-mo' };
const ELDER = '+84987000077';

// A deploy restarts the service while a citizen's long SMS is half in: the parts that came were answered, so the
// SMSC will not deliver them again, and only this process holds them.
describe('restarting while a long SMS waits for its last part', () => {
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

  it('stores what arrived as the process stops, and the next process answers it', async () => {
    const config = testServiceConfig(database, {
      SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=50&prefixes=86,96-98,32-39&source=SOYTE`,
    });
    const long =
      'Chao bac si, toi nam nay 72 tuoi, o phuong Tan Phong, hom qua toi bi sot nhe va ho khan, ' +
      'con trai toi vua di lam ve tu khu cong nghiep. Toi co can khai bao y te khong, va neu can thi khai o dau a?';
    const parts = splitSmsParts(long);
    expect(parts.length).toBeGreaterThan(1);

    const first = await startService(config);
    await waitFor('the bind', () => smsc.stats.binds > 0);
    await smsc.injectMo(ELDER.slice(1), '8088', long, { lose: [parts.length] });
    await first.close();

    const stored = await database.handle.db
      .select({ text: messages.text })
      .from(messages)
      .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
      .where(and(eq(messages.direction, 'inbound'), eq(channelIdentities.externalId, ELDER)));
    expect(stored).toEqual([{ text: parts.slice(0, -1).join('') }]);
    expect(smsc.submitted.filter((pdu) => pdu.destination.endsWith(ELDER.slice(1)))).toEqual([]);

    const second = await startService(config);
    try {
      await waitFor('an answer to what arrived', () =>
        smsc.submitted.some((pdu) => pdu.destination.endsWith(ELDER.slice(1))),
      );
    } finally {
      await second.close();
    }
  });
});
