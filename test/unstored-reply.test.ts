import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIdentityByExternalId } from '../core/db/identities-repository.js';
import { messages } from '../core/db/schema.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { failSentRecords } from './support/fault-injection.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

// The one-message path (replies, notices): the SMSC took a reply, then PostgreSQL failed the statement that stores
// it as sent. The job's retry stores the send it already made instead of sending the reply a second time.
describe('a reply whose record the database failed', () => {
  let driver: ChannelDriver;
  let app: TestService;

  beforeAll(async () => {
    driver = await smppDriver();
    app = await startTestService(driver.env);
    driver.attach(app.service.url);
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  it('is stored by the retry and reaches the citizen once', async () => {
    const db = app.database.handle.db;
    await failSentRecords(db, 'reply_fails_once', { times: 1, sqlState: '57014' });
    const user = driver.userId(31);
    await driver.send(user, 'xin chao', '7100001');
    const replies = await waitFor('the replies stored as sent', async () => {
      const identity = await findIdentityByExternalId(db, 'sms', user);
      if (!identity) return false;
      const outbound = await db
        .select()
        .from(messages)
        .where(and(eq(messages.identityId, identity.identity.id), eq(messages.direction, 'outbound')));
      // Sent, or delivered already: the simulator's receipt comes 50 ms after the submit.
      const stored = (status: string) => status === 'sent' || status === 'delivered';
      return outbound.length >= 2 && outbound.every((message) => stored(message.status)) && outbound;
    });
    expect(driver.received(user)).toHaveLength(replies.length);
    expect(new Set(replies.map((reply) => reply.providerMessageId)).size).toBe(replies.length);
  });
});
