import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../core/db/schema.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { telegramDriver } from './support/drivers/telegram-driver.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

// A bot on the other end answering our every message would make us loop: the 21st identical message to one identity
// within five minutes is failed, not sent.
describe('loop guard', () => {
  let driver: ChannelDriver;
  let app: TestService;

  beforeAll(async () => {
    driver = await telegramDriver();
    app = await startTestService({ ...driver.env, INBOUND_FLOOD_LIMIT_PER_MINUTE: '1000' });
    driver.attach(app.service.url);
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  it('fails the 21st identical message to one person within five minutes', { timeout: 60_000 }, async () => {
    const user = driver.userId(90);
    let id = 50_000;
    for (let i = 0; i < 22; i++) await driver.send(user, '0', String(id++));
    const guarded = await waitFor(
      'a guarded message',
      async () => {
        const rows = await app.database.handle.db
          .select()
          .from(messages)
          .where(and(eq(messages.status, 'failed'), eq(messages.error, 'loop_guard')));
        // Turns 21 and 22 each said the greeting and the menu again: four guarded messages.
        return rows.length >= 4 && rows;
      },
      30_000,
    );
    expect(guarded.filter((row) => row.text === 'Bạn cần gì?')).toHaveLength(2);
    const sentMenus = driver.received(user).filter((text) => text === 'Bạn cần gì?');
    expect(sentMenus).toHaveLength(20);
  });
});
