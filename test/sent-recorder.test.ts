import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, messages } from '../core/db/schema.js';
import { SentRecorder } from '../workers/sent-recorder.js';
import { deliveryMessage, queuedCampaign } from './support/queued-campaign.js';
import { createPgliteTestDatabase, type TestDatabase } from './support/test-database.js';

describe('SentRecorder', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('stores sends that come back together, each caller told once its own is stored', async () => {
    const db = testDb.handle.db;
    const { deliveryIds } = await queuedCampaign(db, ['+84987410001', '+84987410002', '+84987410003']);
    const sent = await Promise.all(deliveryIds.map((id) => deliveryMessage(db, id)));
    const recorder = new SentRecorder(db);
    await Promise.all(
      sent.map((message, index) => recorder.record({ ...message, providerMessageId: `p-${index}`, segments: 1 })),
    );
    for (const [index, message] of sent.entries()) {
      const [stored] = await db.select().from(messages).where(eq(messages.id, message.messageId));
      expect(stored).toMatchObject({ status: 'sent', providerMessageId: `p-${index}` });
      const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, message.deliveryId));
      expect(delivery).toMatchObject({ status: 'sent', messageId: message.messageId });
    }
  });

  it('rejects every send of a statement that failed, and stores the next ones', async () => {
    const db = testDb.handle.db;
    const { deliveryIds } = await queuedCampaign(db, ['+84987410011', '+84987410012']);
    const [first, second] = await Promise.all(deliveryIds.map((id) => deliveryMessage(db, id)));
    if (!first || !second) throw new Error('two deliveries expected');
    const recorder = new SentRecorder(db);
    const sentAs = (message: typeof first, providerMessageId: string) => ({
      ...message,
      providerMessageId,
      segments: 1,
    });
    // The first flush starts alone; the broken record and a good one wait for the next flush and share its fate.
    const alone = recorder.record(sentAs(first, 'p-first'));
    const broken = recorder.record(sentAs({ ...second, deliveryId: 'not-a-uuid' }, 'p-broken'));
    const sharing = recorder.record(sentAs(second, 'p-second'));
    await expect(alone).resolves.toBeUndefined();
    await expect(broken).rejects.toThrow();
    await expect(sharing).rejects.toThrow();
    await recorder.record(sentAs(second, 'p-second'));
    const [stored] = await db.select().from(messages).where(eq(messages.id, second.messageId));
    expect(stored).toMatchObject({ status: 'sent', providerMessageId: 'p-second' });
  });
});
