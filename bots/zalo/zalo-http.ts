import { PermanentSendError, RateLimitedError, TransientSendError } from '../../core/channels/contract.js';
import { ZALO_RATE_LIMIT_BACKOFF_MS } from './zalo-errors.js';

export const ZALO_REQUEST_TIMEOUT_MS = 10_000;

/** A path under a configured base URL, keeping any path prefix the base has (a proxy, a local fake). */
export function zaloUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * POSTs to Zalo and returns the JSON body. Zalo reports its own errors inside HTTP 200 bodies; this only turns
 * transport failures into SendErrors: sockets, timeouts and 5xx retry, 429 backs off, other statuses are final.
 * `what` names the call in error messages, which never carry the token, the recipient or the request body.
 */
export async function postToZalo(url: string, init: RequestInit, what: string, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'error';
    throw new TransientSendError('zalo_network', `${what}: Zalo did not answer (${reason})`);
  }
  if (response.status === 429) {
    throw new RateLimitedError('zalo_http_429', `${what}: HTTP 429`, ZALO_RATE_LIMIT_BACKOFF_MS);
  }
  if (response.status >= 500) throw new TransientSendError('zalo_http_5xx', `${what}: HTTP ${response.status}`);
  if (!response.ok) {
    throw new PermanentSendError(`zalo_http_${response.status}`, `${what}: HTTP ${response.status}`, false);
  }
  try {
    return await response.json();
  } catch {
    throw new TransientSendError('zalo_bad_response', `${what}: the answer is not JSON`);
  }
}
