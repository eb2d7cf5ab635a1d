import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloSender } from '../../bots/zalo/zalo-sender.js';
import { ZaloTokenStore } from '../../bots/zalo/zalo-token-store.js';
import { type Database, type DatabaseHandle, openDatabase } from '../../core/db/database.js';
import { providerTokens } from '../../core/db/schema.js';
import { FakeZalo } from '../peers/fake-zalo.js';
import { BOTH_ENGINES, type TestDatabase } from '../support/test-database.js';
import { rejectionOf, ZALO_APP, zaloSettingsFor } from './zalo-fixtures.js';

// The refresh token works once, so every path below must end with exactly one refresh per expiry.
describe.each(BOTH_ENGINES)('Zalo token store on $engine', ({ engine, create }) => {
  let fake: FakeZalo;
  let testDb: TestDatabase;
  let seed: { accessToken: string; refreshToken: string };
  const db = (): Database => testDb.handle.db;

  const storeOn = (database: Database, seedTokens: { accessToken: string; refreshToken?: string } = seed) =>
    new ZaloTokenStore({
      db: database,
      ...ZALO_APP,
      oauthBase: fake.baseUrl,
      timeoutMs: 5_000,
      seedAccessToken: seedTokens.accessToken,
      seedRefreshToken: seedTokens.refreshToken,
    });
  const storedRow = async () => (await db().select().from(providerTokens))[0];
  const setExpiry = (expiresAt: Date) => db().update(providerTokens).set({ expiresAt });
  /** Expired for Zalo and in the table, as a day later. */
  const expire = async () => {
    fake.expireAccessTokens();
    await setExpiry(new Date(Date.now() - 1_000));
  };

  beforeAll(async () => {
    // Refreshes answer slowly so that concurrent callers really overlap.
    fake = await FakeZalo.start({ ...ZALO_APP, refreshDelayMs: 150 });
    testDb = await create();
    seed = fake.issueTokens();
  });
  afterAll(async () => {
    await fake.close();
    await testDb.drop();
  });

  it('seeds from the environment on first use and refreshes the seed, whose age is unknown', async () => {
    const token = await storeOn(db()).current();
    const row = await storedRow();
    expect(fake.refreshCount).toBe(1);
    expect(fake.refreshTokensPresented).toEqual([seed.refreshToken]);
    expect(row).toMatchObject({ accessToken: token.token, version: 2 });
    expect(row?.refreshToken).not.toBe(seed.refreshToken);
    // expires_in "90000" seconds, give or take the test's own duration.
    expect(Math.abs((row?.expiresAt.getTime() ?? 0) - Date.now() - 90_000_000)).toBeLessThan(60_000);
  });

  it('uses a stored token that is not about to expire', async () => {
    const refreshes = fake.refreshCount;
    const row = await storedRow();
    expect((await storeOn(db()).current()).token).toBe(row?.accessToken);
    expect(fake.refreshCount).toBe(refreshes);
  });

  it('refreshes ahead of expiry, inside the 5-minute margin', async () => {
    await setExpiry(new Date(Date.now() + 4 * 60_000));
    const refreshes = fake.refreshCount;
    await storeOn(db()).current();
    expect(fake.refreshCount).toBe(refreshes + 1);
  });

  it('refreshes once for two concurrent sends with an expired token; a restart uses the new refresh token', async () => {
    await expire();
    const refreshes = fake.refreshCount;
    const sender = createZaloSender(db(), zaloSettingsFor(fake, seed));
    const sends = ['user-a', 'user-b'].map((recipient, i) =>
      sender.send({ messageId: `c-${i}`, recipient, text: 'Cảnh báo dịch' }),
    );
    await Promise.all(sends);
    expect(fake.refreshCount).toBe(refreshes + 1);

    const rotated = (await storedRow())?.refreshToken;
    expect(rotated).toEqual(expect.any(String));
    expect(fake.refreshTokensPresented).not.toContain(rotated);
    // A new process on the same database: its next refresh presents the rotated token, which the fake accepts.
    await expire();
    const restarted = createZaloSender(db(), zaloSettingsFor(fake, seed));
    await restarted.send({ messageId: 'after-restart', recipient: 'user-c', text: 'vẫn gửi được' });
    expect(fake.refreshTokensPresented.at(-1)).toBe(rotated);
    expect(fake.refreshCount).toBe(refreshes + 2);
  });

  it('refreshes once when two processes find the token expired at the same time', async () => {
    // On PostgreSQL the second process has its own pool, so only the row lock keeps them apart; PGlite is one
    // connection per process, so there the two stores share it without sharing an in-flight refresh.
    const other: DatabaseHandle =
      engine === 'postgres' && testDb.url !== undefined
        ? await openDatabase({ url: testDb.url, dataDir: '.', poolSize: 2 })
        : testDb.handle;
    try {
      await expire();
      const refreshes = fake.refreshCount;
      const [first, second] = await Promise.all([storeOn(db()).current(), storeOn(other.db).current()]);
      expect(fake.refreshCount).toBe(refreshes + 1);
      expect(second.token).toBe(first.token);
      expect((await storedRow())?.accessToken).toBe(first.token);
    } finally {
      if (other !== testDb.handle) await other.close();
    }
  });

  it('replaces a refused token once however many callers report it, and not after it was replaced', async () => {
    const store = storeOn(db());
    const refused = await store.current();
    const refreshes = fake.refreshCount;
    const replacements = await Promise.all([1, 2, 3].map(() => store.replaceRejected(refused)));
    expect(new Set(replacements.map((r) => r.token)).size).toBe(1);
    // A late report about the same old token, from a store that never saw the refresh.
    expect((await storeOn(db()).replaceRejected(refused)).token).toBe(replacements[0]?.token);
    expect(fake.refreshCount).toBe(refreshes + 1);
  });

  it('never presents a refresh token twice', () => {
    expect(new Set(fake.refreshTokensPresented).size).toBe(fake.refreshTokensPresented.length);
    expect(fake.refreshTokensPresented).toHaveLength(fake.refreshCount);
  });

  it('without a refresh token, uses the seed until Zalo refuses it, then reports a transient failure', async () => {
    await db().delete(providerTokens);
    const accessToken = fake.issueTokens().accessToken;
    const store = storeOn(db(), { accessToken });
    const token = await store.current();
    expect(token.token).toBe(accessToken);
    expect(await rejectionOf(store.replaceRejected(token))).toMatchObject({
      kind: 'transient',
      code: 'zalo_no_refresh_token',
    });
  });
});
