import { eq } from 'drizzle-orm';
import { TransientSendError } from '../../core/channels/contract.js';
import type { Database } from '../../core/db/database.js';
import { type ProviderToken, providerTokens } from '../../core/db/schema.js';
import { exchangeRefreshToken, type ZaloOAuthApp } from './zalo-oauth.js';

const PROVIDER = 'zalo';
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
// Zalo's nominal access-token lifetime, used only for a seed that comes without a refresh token.
const NOMINAL_ACCESS_LIFETIME_MS = 25 * 60 * 60_000;

export interface ZaloTokenStoreOptions extends ZaloOAuthApp {
  db: Database;
  /** ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN: written to the table on first use only; the table is the truth after. */
  seedAccessToken?: string | undefined;
  seedRefreshToken?: string | undefined;
  /** Refresh this long before the stored expiry, so no request leaves with a token about to lapse. */
  refreshMarginMs?: number;
}

/** An access token and the row version it came from; a refusal names the version so it is replaced only once. */
export interface ZaloAccessToken {
  token: string;
  version: number;
}

/**
 * The OA access token, kept in `provider_tokens`. Zalo's refresh token works once, so a refresh that two callers
 * both made would leave one of them with a dead token: refreshes run one at a time per process (a shared promise)
 * and across processes (the row lock, re-checked after it is granted).
 */
export class ZaloTokenStore {
  readonly #options: ZaloTokenStoreOptions;
  readonly #marginMs: number;
  #cached: ProviderToken | undefined;
  #inFlight: Promise<ProviderToken> | undefined;

  constructor(options: ZaloTokenStoreOptions) {
    this.#options = options;
    this.#marginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  }

  /** A token valid for at least the margin, refreshed first if the stored one is about to expire. */
  async current(): Promise<ZaloAccessToken> {
    if (this.#cached !== undefined && !this.#isStale(this.#cached)) return accessTokenOf(this.#cached);
    // Read the table rather than refresh from the cache: another process may have refreshed already.
    const row = await this.#readOrSeed();
    if (!this.#isStale(row)) {
      this.#cached = row;
      return accessTokenOf(row);
    }
    return accessTokenOf(await this.#refresh(row.version));
  }

  /** Zalo refused `rejected` (-216): refresh, unless another caller or process has replaced it already. */
  async replaceRejected(rejected: ZaloAccessToken): Promise<ZaloAccessToken> {
    return accessTokenOf(await this.#refresh(rejected.version));
  }

  #isStale(row: ProviderToken): boolean {
    return row.expiresAt.getTime() - this.#marginMs <= Date.now();
  }

  #refresh(seenVersion: number): Promise<ProviderToken> {
    // Callers arriving while a refresh runs share it instead of queueing on the row lock behind it.
    this.#inFlight ??= this.#refreshLocked(seenVersion)
      .then((row) => {
        this.#cached = row;
        return row;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  #refreshLocked(seenVersion: number): Promise<ProviderToken> {
    return this.#options.db.transaction(async (tx) => {
      const [row] = await tx.select().from(providerTokens).where(eq(providerTokens.provider, PROVIDER)).for('update');
      if (row === undefined) throw new TransientSendError('zalo_token_missing', 'the Zalo token row is gone');
      // Whoever held the lock before us refreshed already: their token is ours too, and the refresh token we
      // read earlier is spent.
      if (row.version !== seenVersion) return row;
      if (row.refreshToken === null) {
        throw new TransientSendError(
          'zalo_no_refresh_token',
          'the Zalo access token expired and no refresh token is set',
        );
      }
      // Zalo is called while the lock is held, on purpose: the new refresh token must be stored before anyone else
      // can read the old one.
      const grant = await exchangeRefreshToken(this.#options, row.refreshToken);
      const [updated] = await tx
        .update(providerTokens)
        .set({
          accessToken: grant.accessToken,
          refreshToken: grant.refreshToken,
          expiresAt: new Date(Date.now() + grant.expiresInSeconds * 1000),
          version: row.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(providerTokens.provider, PROVIDER))
        .returning();
      if (updated === undefined) throw new TransientSendError('zalo_token_missing', 'the Zalo token row is gone');
      return updated;
    });
  }

  async #readOrSeed(): Promise<ProviderToken> {
    const { db, seedAccessToken, seedRefreshToken } = this.#options;
    const stored = await this.#read();
    if (stored !== undefined) return stored;
    if (seedAccessToken === undefined) {
      throw new TransientSendError('zalo_no_token', 'no Zalo token is stored and ZALO_ACCESS_TOKEN is unset');
    }
    // A seed's age is unknown. With a refresh token it counts as expired, so the first use refreshes and learns the
    // real expiry; without one it is all there is, and it is used until Zalo refuses it.
    const expiresAt = new Date(Date.now() + (seedRefreshToken === undefined ? NOMINAL_ACCESS_LIFETIME_MS : 0));
    // Two processes may seed at once: the first insert wins and both read it back.
    await db
      .insert(providerTokens)
      .values({ provider: PROVIDER, accessToken: seedAccessToken, refreshToken: seedRefreshToken ?? null, expiresAt })
      .onConflictDoNothing();
    const seeded = await this.#read();
    if (seeded === undefined) throw new TransientSendError('zalo_token_missing', 'the Zalo token row is gone');
    return seeded;
  }

  async #read(): Promise<ProviderToken | undefined> {
    const [row] = await this.#options.db.select().from(providerTokens).where(eq(providerTokens.provider, PROVIDER));
    return row;
  }
}

function accessTokenOf(row: ProviderToken): ZaloAccessToken {
  return { token: row.accessToken, version: row.version };
}
