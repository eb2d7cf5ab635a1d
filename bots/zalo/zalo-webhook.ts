import { z } from 'zod';
import type { DeliveryUpdate, InboundEvent, WebhookParse } from '../../core/channels/contract.js';
import { normalizeVietnamesePhone } from '../../core/text/index.js';
import { ZALO_CHANNEL } from './zalo-config.js';
import { verifyZaloSignature } from './zalo-signature.js';

export interface ZaloWebhookConfig {
  appId: string;
  oaSecretKey: string;
}

/** Request headers as Node and Fastify hand them over: names lower-cased, repeated headers as arrays. */
export type ZaloWebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const SIGNATURE_HEADER = 'x-zevent-signature';

const idOf = z.object({ id: z.string().min(1) });
// Zalo sends the timestamp (milliseconds) as a string; a number is tolerated. The MAC covers it as written.
const envelopeSchema = z.object({
  app_id: z.string().min(1),
  event_name: z.string().min(1),
  timestamp: z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]).transform(String),
});
const textSchema = z.object({ sender: idOf, message: z.object({ text: z.string(), msg_id: z.string().min(1) }) });
// Images, stickers, links, locations…: whatever caption they carry becomes the text.
const attachmentSchema = z.object({
  sender: idOf,
  message: z.object({ text: z.string().optional(), msg_id: z.string().min(1) }),
});
// Zalo's own samples name the user `follower` on follow events, CHANNELS.md names it `sender`: both are accepted.
const followSchema = z.union([
  z.object({ follower: idOf }).transform((event) => event.follower.id),
  z.object({ sender: idOf }).transform((event) => event.sender.id),
]);
const submitInfoSchema = z.object({ sender: idOf, info: z.object({ phone: z.string().optional() }) });
// OA receipts carry one msg_id or a batch of msg_ids.
const receiptSchema = z.object({
  message: z.union([
    z.object({ msg_ids: z.array(z.string().min(1)).min(1) }).transform((message) => message.msg_ids),
    z.object({ msg_id: z.string().min(1) }).transform((message) => [message.msg_id]),
  ]),
});

interface EventContext {
  raw: unknown;
  name: string;
  timestamp: string;
  receivedAt: Date;
}

type Parsed = { events: InboundEvent[]; deliveries?: DeliveryUpdate[] };

/**
 * Verifies and parses one Zalo OA webhook request. The MAC covers a timestamp taken from the body, so the body is
 * read as JSON before the signature can be checked; nothing from it is trusted until then.
 */
export function parseZaloWebhook(
  headers: ZaloWebhookHeaders,
  rawBody: string,
  config: ZaloWebhookConfig,
): WebhookParse {
  const signature = headerValue(headers, SIGNATURE_HEADER);
  if (signature === undefined) return { ok: false, status: 401, reason: 'missing X-ZEvent-Signature' };
  const json = parseJson(rawBody);
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, status: 400, reason: 'not a Zalo event' };
  const { app_id: appId, event_name: name, timestamp } = envelope.data;
  if (!verifyZaloSignature(signature, config.appId, rawBody, timestamp, config.oaSecretKey)) {
    return { ok: false, status: 401, reason: 'bad X-ZEvent-Signature' };
  }
  if (appId !== config.appId) return { ok: false, status: 401, reason: 'event for another app' };

  const parsed = parseEvent({ raw: json, name, timestamp, receivedAt: new Date(Number(timestamp)) });
  if (parsed === undefined) return { ok: false, status: 400, reason: `malformed ${name} event` };
  return { ok: true, ...parsed };
}

function parseEvent(ctx: EventContext): Parsed | undefined {
  switch (ctx.name) {
    case 'user_send_text':
      return parseWith(textSchema, ctx, ({ sender, message }) =>
        inbound(ctx, sender.id, message.msg_id, 'message', message.text),
      );
    case 'follow':
    case 'unfollow': {
      const kind = ctx.name;
      return parseWith(followSchema, ctx, (userId) => inbound(ctx, userId, syntheticId(ctx, userId), kind, ''));
    }
    case 'user_submit_info':
      return parseWith(submitInfoSchema, ctx, ({ sender, info }) => {
        const event = inbound(ctx, sender.id, syntheticId(ctx, sender.id), 'message', '');
        // The phone comes from the user's own Zalo profile, so it is theirs; an unusable one is simply left out.
        const phone = info.phone === undefined ? undefined : normalizeVietnamesePhone(info.phone);
        return phone === undefined ? event : { ...event, contactPhone: phone };
      });
    case 'user_received_message':
    case 'user_seen_message': {
      const result = receiptSchema.safeParse(ctx.raw);
      if (!result.success) return undefined;
      // The contract has no "seen" status: seeing a message implies it was delivered.
      const deliveries = result.data.message.map(
        (providerMessageId): DeliveryUpdate => ({ channel: ZALO_CHANNEL, providerMessageId, status: 'delivered' }),
      );
      return { events: [], deliveries };
    }
    default:
      // InboundEvent has no attachment field yet: an image arrives as its caption (often empty), which the dialog
      // answers like any unrecognised reply.
      if (ctx.name.startsWith('user_send_')) {
        return parseWith(attachmentSchema, ctx, ({ sender, message }) =>
          inbound(ctx, sender.id, message.msg_id, 'message', message.text ?? ''),
        );
      }
      // Zalo also echoes the OA's own messages and sends shop, tag and call events; refusing them would only make it
      // redeliver, so they are acknowledged and dropped.
      return { events: [] };
  }
}

function parseWith<T>(schema: z.ZodType<T>, ctx: EventContext, build: (data: T) => InboundEvent): Parsed | undefined {
  const result = schema.safeParse(ctx.raw);
  return result.success ? { events: [build(result.data)] } : undefined;
}

function inbound(
  ctx: EventContext,
  externalId: string,
  providerMessageId: string,
  kind: InboundEvent['kind'],
  text: string,
): InboundEvent {
  return { channel: ZALO_CHANNEL, externalId, providerMessageId, kind, text, receivedAt: ctx.receivedAt };
}

/** Events without a msg_id get one from what, who and when, so a redelivery of the same event still dedupes. */
function syntheticId(ctx: EventContext, userId: string): string {
  return `${ctx.name}-${userId}-${ctx.timestamp}`;
}

function headerValue(headers: ZaloWebhookHeaders, name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const value = typeof entry === 'string' ? entry : entry?.[0];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
