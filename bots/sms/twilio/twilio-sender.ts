import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { z } from 'zod';
import {
  type ChannelSender,
  type OutboundMessage,
  PermanentSendError,
  RateLimitedError,
  type SendError,
  type SendReceipt,
  TransientSendError,
} from '../../../core/channels/contract.js';
import { renderSms } from '../../../core/channels/sms-render.js';
import { maskPhone } from '../../../core/text/index.js';
import { e164Of } from './sms-address.js';
import type { TwilioSmsConfig } from './twilio-config.js';
import { SMS_CHANNEL, TWILIO_STATUS_PATH, twilioWebhookUrl } from './twilio-webhook.js';

const DEFAULT_RETRY_AFTER_MS = 1000;

// The SDK's exceptions drop the response headers, so Retry-After is caught on the way through the HTTP client
// and handed back to the one send that made the request (sends run concurrently on one client).
const lastResponse = new AsyncLocalStorage<{ headers?: Readonly<Record<string, unknown>> }>();

/** The SDK's own HTTP client, pointed at another origin when one is configured; everything else is untouched. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly apiBase: string | undefined) {
    // Retries are the outbound worker's decision (RateLimitedError / TransientSendError), not the SDK's.
    super({ autoRetry: false });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = this.apiBase === undefined ? opts.uri : rebase(opts.uri, this.apiBase);
    const response = await super.request({ ...opts, uri });
    const slot = lastResponse.getStore();
    if (slot) slot.headers = response.headers;
    return response;
  }
}

function rebase(uri: string, apiBase: string): string {
  const url = new URL(uri);
  return apiBase.replace(/\/+$/, '') + url.pathname + url.search;
}

// Both RestException and the RFC 9457 TwilioServiceException carry the HTTP status and Twilio's error code.
const twilioFailure = z.object({ status: z.number().int(), code: z.number().int().optional() });

/** Sends SMS through Twilio's Messages API with the official SDK. */
export class TwilioSmsSender implements ChannelSender {
  readonly channel = SMS_CHANNEL;
  private readonly httpClient: RebasedRequestClient;
  private readonly client: twilio.Twilio;

  constructor(private readonly config: TwilioSmsConfig) {
    this.httpClient = new RebasedRequestClient(config.apiBase);
    this.client = twilio(config.accountSid, config.authToken, { httpClient: this.httpClient });
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    const to = e164Of(message.recipient);
    const context = `SMS ${message.messageId} to ${maskPhone(to ?? message.recipient)}`;
    if (to === undefined) throw new PermanentSendError('invalid_number', `${context}: not a phone number`, false);
    const rendered = renderSms(message, this.config.unicode);
    const slot: { headers?: Readonly<Record<string, unknown>> } = {};
    try {
      const sent = await lastResponse.run(slot, () =>
        this.client.messages.create({
          to,
          body: rendered.text,
          // A Messaging Service picks the sender from its pool; From alongside it would bypass that choice.
          ...(this.config.messagingServiceSid
            ? { messagingServiceSid: this.config.messagingServiceSid }
            : { from: this.config.from }),
          ...(this.config.publicUrl
            ? { statusCallback: twilioWebhookUrl(this.config.publicUrl, TWILIO_STATUS_PATH) }
            : {}),
        }),
      );
      // num_segments is a string; should it be missing, our own count is what Twilio bills by the same rules.
      const parts = Number.parseInt(sent.numSegments, 10);
      return { providerMessageId: sent.sid, parts: parts > 0 ? parts : rendered.segments };
    } catch (error) {
      throw toSendError(error, slot.headers, context);
    }
  }

  async close(): Promise<void> {
    // Kept-alive sockets to Twilio would otherwise hold the process open after shutdown.
    (this.httpClient.axios.defaults.httpsAgent as { destroy?: () => void } | undefined)?.destroy?.();
  }
}

/**
 * Maps a failed create to the error kind that decides retries. Messages are ours: Twilio's own text names the number
 * in full, and the underlying error holds the request with its Basic credentials, so neither is passed on.
 */
function toSendError(
  error: unknown,
  headers: Readonly<Record<string, unknown>> | undefined,
  context: string,
): SendError {
  const failure = twilioFailure.safeParse(error);
  if (!failure.success) {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'unknown';
    return new TransientSendError('network', `${context}: Twilio unreachable (${code})`);
  }
  const { status, code } = failure.data;
  const detail = `${context}: Twilio answered HTTP ${status}, error ${code ?? 'none'}`;
  if (status === 429 || code === 20429) {
    return new RateLimitedError('rate_limited', detail, retryAfterMs(headers?.['retry-after']));
  }
  if (code === 21211 || code === 21614) return new PermanentSendError('invalid_number', detail, false);
  if (code === 21610) return new PermanentSendError('unsubscribed', detail, true);
  if (status >= 500) return new TransientSendError('provider_error', detail);
  // Wrong credentials or a suspended account: the message is fine, so it stays retryable while an operator fixes it.
  if (status === 401 || status === 403) return new TransientSendError('unauthorized', detail);
  return new PermanentSendError('rejected', detail, false);
}

/** Retry-After in seconds or as an HTTP date; 1 s when absent or unreadable. */
function retryAfterMs(value: unknown): number {
  if (typeof value !== 'string' || value.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - Date.now());
}
