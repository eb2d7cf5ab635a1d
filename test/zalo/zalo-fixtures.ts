import { type ZaloSettings, zaloSettingsFromConfig } from '../../bots/zalo/zalo-config.js';
import { parseConfig } from '../../core/config/env.js';
import type { FakeZalo } from '../peers/fake-zalo.js';

export const ZALO_APP = { appId: '4307214815726453201', appSecret: 'app-secret-for-tests' };

/** Settings as production reads them from the environment, every Zalo base URL pointed at the fake. */
export function zaloSettingsFor(fake: FakeZalo, seed: { accessToken: string; refreshToken: string }): ZaloSettings {
  const settings = zaloSettingsFromConfig(
    parseConfig({
      ZALO_APP_ID: ZALO_APP.appId,
      ZALO_APP_SECRET: ZALO_APP.appSecret,
      ZALO_OA_SECRET_KEY: 'oa-secret-for-tests',
      ZALO_ACCESS_TOKEN: seed.accessToken,
      ZALO_REFRESH_TOKEN: seed.refreshToken,
      ZALO_API_BASE: fake.baseUrl,
      ZALO_OAUTH_BASE: fake.baseUrl,
      ZALO_ZNS_BASE: fake.baseUrl,
    }),
  );
  if (settings === undefined) throw new Error('Zalo settings expected');
  return settings;
}

/** The rejection of a promise, to inspect its class and fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
