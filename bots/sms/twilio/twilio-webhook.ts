import twilio from 'twilio';
import { z } from 'zod';
import type { DeliveryUpdate, WebhookParse } from '../../../core/channels/contract.js';
import { e164Of } from './sms-address.js';

export const SMS_CHANNEL = 'sms';
/** Where Twilio posts delivery reports; the sender names it as each message's StatusCallback. */
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** Header values as node:http gives them (lower-case names; an array when a header repeats). */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

const messageSid = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'must be two letters and 32 hex digits');

const inboundSchema = z.object({
  MessageSid: messageSid,
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string(),
});

const statusSchema = z.object({
  MessageSid: messageSid,
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().regex(/^\d+$/).optional(),
});

// Twilio adds statuses over time (and some are WhatsApp-only); an unknown one is acknowledged and ignored.
const DELIVERY_STATUS: Readonly<Record<string, DeliveryUpdate['status']>> = {
  accepted: 'sent',
  scheduled: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

/** The public URL Twilio calls for a path, as configured with Twilio and as it signs requests. */
export function twilioWebhookUrl(publicUrl: string, path: string): string {
  return publicUrl.replace(/\/+$/, '') + path;
}

/**
 * Verifies and parses Twilio's incoming-message webhook (form fields already decoded). `path` is the request's path
 * and query string as received; Twilio signed PUBLIC_URL + path, not the internal address the request reached.
 */
export function parseTwilioInbound(
  headers: WebhookHeaders,
  params: Record<string, string>,
  publicUrl: string,
  authToken: string,
  path: string,
): WebhookParse {
  const refused = verify(headers, params, publicUrl, authToken, path);
  if (refused) return refused;
  const parsed = inboundSchema.safeParse(params);
  if (!parsed.success) return { ok: false, status: 400, reason: describeIssues(parsed.error) };
  const externalId = e164Of(parsed.data.From);
  // Alphanumeric sender ids and short codes cannot be answered by SMS, so there is no user to attach them to.
  if (externalId === undefined) return { ok: false, status: 400, reason: 'From is not a phone number' };
  return {
    ok: true,
    events: [
      {
        channel: SMS_CHANNEL,
        externalId,
        providerMessageId: parsed.data.MessageSid,
        kind: 'message',
        text: parsed.data.Body,
        // Twilio's webhook carries no timestamp; it posts as the message arrives.
        receivedAt: new Date(),
      },
    ],
  };
}

/** Verifies and parses a status callback (`POST /webhooks/twilio/status`) into a delivery update. */
export function parseTwilioStatus(
  headers: WebhookHeaders,
  params: Record<string, string>,
  publicUrl: string,
  authToken: string,
  path: string = TWILIO_STATUS_PATH,
): WebhookParse {
  const refused = verify(headers, params, publicUrl, authToken, path);
  if (refused) return refused;
  const parsed = statusSchema.safeParse(params);
  if (!parsed.success) return { ok: false, status: 400, reason: describeIssues(parsed.error) };
  const { MessageSid, MessageStatus, ErrorCode } = parsed.data;
  const status = DELIVERY_STATUS[MessageStatus];
  if (status === undefined) return { ok: true, events: [], deliveries: [] };
  const update: DeliveryUpdate = { channel: SMS_CHANNEL, providerMessageId: MessageSid, status };
  if (status === 'failed' && ErrorCode !== undefined) update.error = ErrorCode;
  return { ok: true, events: [], deliveries: [update] };
}

function verify(
  headers: WebhookHeaders,
  params: Record<string, string>,
  publicUrl: string,
  authToken: string,
  path: string,
): WebhookParse | undefined {
  const signature = headerValue(headers, 'x-twilio-signature');
  if (signature === undefined || signature === '') return { ok: false, status: 403, reason: 'missing signature' };
  // validateRequest compares with crypto.timingSafeEqual (twilio 6, lib/webhooks/webhooks.js safeCompare).
  if (!twilio.validateRequest(authToken, signature, twilioWebhookUrl(publicUrl, path), params)) {
    return { ok: false, status: 403, reason: 'bad signature' };
  }
  return undefined;
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  // A repeated signature header is not something Twilio sends; treat it as absent.
  return typeof value === 'string' ? value : undefined;
}

// Names fields and rules only: the values include phone numbers, which do not belong in logs.
function describeIssues(error: z.ZodError): string {
  return `invalid params: ${error.issues.map((issue) => `${issue.path.join('.') || '(params)'} ${issue.message}`).join('; ')}`;
}
