import { PermanentSendError, RateLimitedError, type SendError } from '../../core/channels/contract.js';

/**
 * Which of Zalo's negative `error` codes mean what. Only -216, -230 and -32 are agreed on by the sources in
 * CHANNELS.md; the rest come from tables that disagree with each other, so deployments may override them.
 */
export interface ZaloErrorCodes {
  /** The access token was refused: refresh once and retry. -124 is the ZNS endpoint's spelling of it. */
  readonly invalidToken: readonly number[];
  /** The user has not written to the OA within 7 days: another channel (SMS, ZNS) must carry the message. */
  readonly windowClosed: readonly number[];
  readonly rateLimited: readonly number[];
  /** The user cannot be reached on Zalo any more (not following the OA): the identity is marked opted out. */
  readonly optOut: readonly number[];
}

export const DEFAULT_ZALO_ERROR_CODES: ZaloErrorCodes = {
  invalidToken: [-216, -124],
  windowClosed: [-230],
  rateLimited: [-32],
  optOut: [-213],
};

// Zalo sends no retry-after; its quotas are counted per minute.
export const ZALO_RATE_LIMIT_BACKOFF_MS = 60_000;

/** The SendError for a non-zero Zalo `error` code that is not a refused token (the client refreshes on those). */
export function zaloSendError(code: number, message: string, codes: ZaloErrorCodes): SendError {
  const detail = `Zalo error ${code}: ${message}`;
  if (codes.rateLimited.includes(code))
    return new RateLimitedError('zalo_rate_limited', detail, ZALO_RATE_LIMIT_BACKOFF_MS);
  if (codes.windowClosed.includes(code)) return new PermanentSendError('zalo_window_closed', detail, false);
  if (codes.optOut.includes(code)) return new PermanentSendError('zalo_unreachable_user', detail, true);
  // An unknown code is most often a bad parameter or a missing OA permission, which no retry fixes.
  return new PermanentSendError(`zalo_error_${code}`, detail, false);
}
