import { z } from 'zod';
import { type Config, ConfigError } from '../../core/config/env.js';

export const ZALO_CHANNEL = 'zalo';

/** Zalo refuses (-210) consultation texts longer than this rather than cutting them. */
export const ZALO_MAX_TEXT_CHARS = 2000;

const settingsSchema = z
  .object({
    ZALO_APP_ID: z.string().min(1),
    ZALO_APP_SECRET: z.string().min(1),
    // Sources disagree on whether webhooks are signed with the OA secret key or the app secret: its own setting.
    ZALO_OA_SECRET_KEY: z.string().min(1),
    ZALO_API_BASE: z.url(),
    ZALO_OAUTH_BASE: z.url(),
    ZALO_ZNS_BASE: z.url(),
    ZALO_ACCESS_TOKEN: z.string().min(1).optional(),
    ZALO_REFRESH_TOKEN: z.string().min(1).optional(),
  })
  .transform((env) => ({
    appId: env.ZALO_APP_ID,
    appSecret: env.ZALO_APP_SECRET,
    oaSecretKey: env.ZALO_OA_SECRET_KEY,
    apiBase: env.ZALO_API_BASE,
    oauthBase: env.ZALO_OAUTH_BASE,
    znsBase: env.ZALO_ZNS_BASE,
    seedAccessToken: env.ZALO_ACCESS_TOKEN,
    seedRefreshToken: env.ZALO_REFRESH_TOKEN,
  }));

/** Everything the Zalo channel needs, checked once. */
export type ZaloSettings = z.output<typeof settingsSchema>;

/** The Zalo settings from the validated config; undefined when ZALO_APP_ID is unset (the channel is off). */
export function zaloSettingsFromConfig(config: Config): ZaloSettings | undefined {
  if (config.ZALO_APP_ID === undefined) return undefined;
  const result = settingsSchema.safeParse(config);
  if (result.success) return result.data;
  const missing = result.error.issues.map((issue) => issue.path.join('.'));
  throw new ConfigError(`ZALO_APP_ID is set but the Zalo channel is incomplete: ${missing.join(', ')}`);
}
