import { z } from 'zod';
import { PermanentSendError, TransientSendError } from '../../core/channels/contract.js';
import { postToZalo, zaloUrl } from './zalo-http.js';

export interface ZaloOAuthApp {
  appId: string;
  appSecret: string;
  oauthBase: string;
  timeoutMs: number;
}

export interface ZaloTokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

const grantSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // A string of seconds ("90000") in Zalo's answers.
  expires_in: z.coerce.number().int().positive(),
});
const refusalSchema = z.object({ error: z.number().int(), error_name: z.string().optional() });

/** Trades a refresh token, good for ONE use, for a new access token and a new refresh token. */
export async function exchangeRefreshToken(app: ZaloOAuthApp, refreshToken: string): Promise<ZaloTokenGrant> {
  const url = zaloUrl(app.oauthBase, '/v4/oa/access_token');
  const form = new URLSearchParams({ refresh_token: refreshToken, app_id: app.appId, grant_type: 'refresh_token' });
  let body: unknown;
  try {
    body = await postToZalo(
      url,
      { headers: { secret_key: app.appSecret }, body: form },
      'token refresh',
      app.timeoutMs,
    );
  } catch (error) {
    throw error instanceof PermanentSendError ? refused(error.message) : error;
  }
  const grant = grantSchema.safeParse(body);
  if (grant.success) {
    const { access_token, refresh_token, expires_in } = grant.data;
    return { accessToken: access_token, refreshToken: refresh_token, expiresInSeconds: expires_in };
  }
  const refusal = refusalSchema.safeParse(body);
  throw refused(refusal.success ? `error ${refusal.data.error} ${refusal.data.error_name ?? ''}`.trim() : 'bad answer');
}

// A failed refresh is not the fault of the message being sent: messages wait with backoff while an operator
// re-seeds the tokens, instead of being dropped one by one.
function refused(detail: string): TransientSendError {
  return new TransientSendError('zalo_refresh_refused', `Zalo refused the token refresh: ${detail}`);
}
