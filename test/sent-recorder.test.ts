import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SentRecord } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { deliveries, messages } from '../core/db/schema.js';
import { SentRecorder } from '../workers/sent-recorder.js';
import { deliveryMessage, queuedCampaign } from './support/queued-campaign.js';
import { BOTH_ENGINES, createPgliteTestDatabase, suiteDatabase } from './support/test-database.js';

const sentMessages = async (db: Database, phones: readonly string[]) => {
  const { deliveryIds } = await queuedCampaign(db, phones);
  return Promise.all(deliveryIds.map((id) => deliveryMessage(db, id)));
};
const sentAs = (message: Omit<SentRecord, 'providerMessageId' | 'segments'>, providerMessageId: string) => ({
  ...message,
  providerMessageId,
  segments: 1,
});
const storedSend = async (db: Database, record: SentRecord) => {
  const [message] = await db.select().from(messages).where(eq(messages.id, record.messageId));
  const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, record.deliveryId));
  return { message, delivery };
};

describe.each(BOTH_ENGINES)('SentRecorder on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('stores sends that come back together, each caller told once its own is stored', async () => {
    const sent = await sentMessages(db(), ['+84987410001', '+84987410002', '+84987410003']);
    const recorder = new SentRecorder(db());
    await Promise.all(sent.map((message, index) => recorder.record(sentAs(message, `p-${index}`))));
    for (const [index, message] of sent.entries()) {
      const stored = await storedSend(db(), sentAs(message, `p-${index}`));
      expect(stored.message).toMatchObject({ status: 'sent', providerMessageId: `p-${index}` });
      expect(stored.delivery).toMatchObject({ status: 'sent', messageId: message.messageId });
    }
  });

  it('rejects only the sends whose rows cannot be stored; the others of their flush are stored', async () => {
    const [taken, ...rest] = await sentMessages(db(), [
      '+84987410011',
      '+84987410012',
      '+84987410013',
      '+84987410014',
      '+84987410015',
      '+84987410016',
    ]);
    if (!taken || rest.length !== 5) throw new Error('six deliveries expected');
    const recorder = new SentRecorder(db());
    // The first flush starts alone; the next five wait for the second and share its statement.
    await recorder.record(sentAs(taken, 'smsc-7'));
    const [first, reused, middle, malformed, last] = rest.map((message, index) =>
      sentAs(message, `smsc-${10 + index}`),
    );
    if (!first || !reused || !middle || !malformed || !last) throw new Error('five records expected');
    const outcomes = await Promise.allSettled([
      recorder.record(first),
      // An SMSC that restarted and gave out an id it had given before (the unique provider id), and a value the
      // statement cannot even read.
      recorder.record({ ...reused, providerMessageId: 'smsc-7' }),
      recorder.record(middle),
      recorder.record({ ...malformed, deliveryId: 'not-a-uuid' }),
      recorder.record(last),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    for (const record of [first, middle, last]) {
      const stored = await storedSend(db(), record);
      expect(stored.message).toMatchObject({ status: 'sent', providerMessageId: record.providerMessageId });
      expect(stored.delivery).toMatchObject({ status: 'sent', messageId: record.messageId });
    }
    // What was rejected is left queued with no message, for its job's retry to send again.
    for (const record of [reused, malformed]) {
      const stored = await storedSend(db(), record);
      expect(stored.message).toBeUndefined();
      expect(stored.delivery).toMatchObject({ status: 'queued', messageId: null });
    }
    await recorder.record(reused);
    expect((await storedSend(db(), reused)).message).toMatchObject({ providerMessageId: 'smsc-11' });
  });
});

describe('SentRecorder without its database', () => {
  it('rejects every send of the flush when the database is gone, the recorder still answering', async () => {
    const testDb = await createPgliteTestDatabase();
    const [one, two] = await sentMessages(testDb.handle.db, ['+84987410021', '+84987410022']);
    if (!one || !two) throw new Error('two deliveries expected');
    const recorder = new SentRecorder(testDb.handle.db);
    await testDb.drop();
    const outcomes = await Promise.allSettled([
      recorder.record(sentAs(one, 'p-one')),
      recorder.record(sentAs(two, 'p-two')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
