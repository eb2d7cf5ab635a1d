import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, messages } from '../core/db/schema.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { telegramDriver } from './support/drivers/telegram-driver.js';
import { twilioDriver } from './support/drivers/twilio-driver.js';
import { zaloDriver } from './support/drivers/zalo-driver.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

// One suite, every channel, each through its real entry point and its local protocol peer: what a citizen sees must
// not depend on the app they use.
// SMPP has no webhook to forge and no provider id on a resent MO, so the webhook-only cases are not defined for it.
describe.each([
  { name: 'Telegram', driver: telegramDriver, webhook: true },
  { name: 'Zalo OA', driver: zaloDriver, webhook: true },
  { name: 'SMS via Twilio', driver: twilioDriver, webhook: true },
  { name: 'SMS via SMPP', driver: smppDriver, webhook: false },
])('channel conformance: $name', ({ driver: makeDriver, webhook }) => {
  let driver: ChannelDriver;
  let app: TestService;
  let nextId = 9_000_000;
  const id = () => String(nextId++);

  beforeAll(async () => {
    driver = await makeDriver();
    app = await startTestService(driver.env);
    driver.attach(app.service.url);
  });
  afterAll(async () => {
    await app.stop();
    await driver.close();
  });

  const inboundOf = async (externalId: string) =>
    app.database.handle.db
      .select({ id: messages.id })
      .from(messages)
      .innerJoin(channelIdentities, eq(channelIdentities.id, messages.identityId))
      .where(eq(channelIdentities.externalId, externalId));

  it('greets in Vietnamese and offers the menu', async () => {
    const user = driver.userId(1);
    expect(await driver.send(user, 'xin chào', id())).toBe(200);
    const received = await waitFor(
      'greeting and menu',
      () => driver.received(user).length >= 2 && driver.received(user),
    );
    expect(received[0]).toMatch(/^Xin ch(à|a)o!/);
    expect(received[1]).toMatch(/^B(ạ|a)n c(ầ|a)n g(ì|i)\?/);
  });

  it('answers in English after the user switches language, with or without diacritics', async () => {
    const user = driver.userId(2);
    await driver.send(user, 'xin chao', id());
    await driver.send(user, 'ngon ngu', id());
    await driver.send(user, 'english', id());
    const received = await waitFor('English menu', () => driver.received(user).length >= 5 && driver.received(user));
    expect(received[3]).toBe('Language set to English.');
    expect(received[4]).toMatch(/^What do you need\?/);
  });

  it("keeps a fast typist's answers in order", async () => {
    const user = driver.userId(5);
    await driver.send(user, 'xin chao', id());
    await waitFor('greeting', () => driver.received(user).length >= 2);
    await driver.send(user, '6', id());
    await driver.send(user, '2', id());
    const received = await waitFor('English', () => driver.received(user).length >= 5 && driver.received(user));
    expect(received[3]).toBe('Language set to English.');
  });

  if (!webhook) return;

  it('runs one turn for a message the provider delivers twice', async () => {
    const user = driver.userId(3);
    await driver.send(user, 'xin chao', id());
    await waitFor('greeting', () => driver.received(user).length >= 2);
    const twice = id();
    await driver.send(user, '5', twice);
    await driver.send(user, '5', twice);
    await waitFor('the answer', () => driver.received(user).length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(driver.received(user)).toHaveLength(4);
    expect(await inboundOf(user)).toHaveLength(2 + 4);
  });

  it('refuses a forged request and stores nothing', async () => {
    const user = driver.userId(4);
    const status = await driver.sendForged(user, 'xin chao', id());
    expect([401, 403]).toContain(status);
    expect(await inboundOf(user)).toEqual([]);
    expect(driver.received(user)).toEqual([]);
  });
});
