import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../core/db/schema.js';
import { SentRecorder } from '../workers/sent-recorder.js';
import { queuedCampaign } from './support/queued-campaign.js';
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
    const { messageIds } = await queuedCampaign(db, ['+84987410001', '+84987410002', '+84987410003']);
    const recorder = new SentRecorder(db);
    await Promise.all(
      messageIds.map((messageId, index) =>
        recorder.record({ messageId, providerMessageId: `p-${index}`, segments: 1 }),
      ),
    );
    for (const [index, id] of messageIds.entries()) {
      const [message] = await db.select().from(messages).where(eq(messages.id, id));
      expect(message).toMatchObject({ status: 'sent', providerMessageId: `p-${index}` });
    }
  });

  it('rejects every send of a statement that failed, and stores the next ones', async () => {
    const db = testDb.handle.db;
    const { messageIds } = await queuedCampaign(db, ['+84987410011', '+84987410012']);
    const [first, second] = messageIds;
    if (!first || !second) throw new Error('two messages expected');
    const recorder = new SentRecorder(db);
    // The first flush starts alone; the broken record and a good one wait for the next flush and share its fate.
    const alone = recorder.record({ messageId: first, providerMessageId: 'p-first', segments: 1 });
    const broken = recorder.record({ messageId: 'not-a-uuid', providerMessageId: 'p-broken', segments: 1 });
    const sharing = recorder.record({ messageId: second, providerMessageId: 'p-second', segments: 1 });
    await expect(alone).resolves.toBeUndefined();
    await expect(broken).rejects.toThrow();
    await expect(sharing).rejects.toThrow();
    await recorder.record({ messageId: second, providerMessageId: 'p-second', segments: 1 });
    const [stored] = await db.select().from(messages).where(eq(messages.id, second));
    expect(stored).toMatchObject({ status: 'sent', providerMessageId: 'p-second' });
  });
});
