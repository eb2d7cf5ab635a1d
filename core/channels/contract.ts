import type { ReplyChoice } from '../dialogs/turn-services.js';

/**
 * The one contract every channel implements (bots/<channel>/): webhooks turn provider payloads into InboundEvents,
 * a ChannelSender renders and sends OutboundMessages, and provider failures surface as the three SendError kinds,
 * which decide retries in the outbound workers.
 */

/** Something a user did on a channel, already verified and parsed at the edge. */
export interface InboundEvent {
  channel: string;
  /** The user's id on that channel: Telegram chat id, Zalo user id, E.164 phone for SMS. */
  externalId: string;
  /** The provider's own id of this event; a redelivery carries the same id and is processed once. */
  providerMessageId: string;
  kind: 'message' | 'follow' | 'unfollow';
  text: string;
  receivedAt: Date;
  /** A phone number the user shared for themselves (already checked to be their own), E.164. */
  contactPhone?: string;
  /** Deep-link payload (Telegram /start <payload>, Zalo QR parameters). */
  startPayload?: string;
}

/** A provider's report on a message we sent. */
export interface DeliveryUpdate {
  channel: string;
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'failed';
  error?: string;
}

export interface OutboundImage {
  /** PNG bytes, base64 (a QR receipt); channels that need a URL upload it first. */
  pngBase64: string;
  alt: string;
}

/** One reply or alert to send, channel-neutral; the sender renders it (buttons, numbered choices, folding, splits). */
export interface OutboundMessage {
  /** Our messages.id; senders pass it to providers as a client reference where they accept one. */
  messageId: string;
  recipient: string;
  text: string;
  choices?: readonly ReplyChoice[];
  image?: OutboundImage;
  /** A template the provider approved beforehand (Zalo ZNS), filled with these values; the text is our record. */
  template?: ProviderTemplate;
}

export interface ProviderTemplate {
  id: string;
  params: Readonly<Record<string, string>>;
}

export interface SendReceipt {
  /** The provider's id of what was sent (the first part's id when it was split). */
  providerMessageId: string;
  /** SMS parts sent, or chat messages when split by length. */
  parts: number;
}

export interface ChannelSender {
  readonly channel: string;
  send(message: OutboundMessage): Promise<SendReceipt>;
  close?(): Promise<void>;
}

export type SendErrorKind = 'permanent' | 'rate_limited' | 'transient';

/** Base of provider failures; carries a stable code and never a token or a full phone number. */
export abstract class SendError extends Error {
  abstract readonly kind: SendErrorKind;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Will never succeed: blocked the bot, unfollowed, invalid number. `optOut` marks the identity unreachable. */
export class PermanentSendError extends SendError {
  readonly kind = 'permanent';
  constructor(
    code: string,
    message: string,
    readonly optOut: boolean,
  ) {
    super(code, message);
  }
}

/** The provider asked us to slow down; retry after the given delay. */
export class RateLimitedError extends SendError {
  readonly kind = 'rate_limited';
  constructor(
    code: string,
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(code, message);
  }
}

/** A passing failure (5xx, socket, unbound gateway): retry with backoff. */
export class TransientSendError extends SendError {
  readonly kind = 'transient';
}

/** A verified webhook's parse: events to ingest, or why the request is refused (nothing is stored then). */
export type WebhookParse =
  | { ok: true; events: InboundEvent[]; deliveries?: DeliveryUpdate[] }
  | { ok: false; status: 400 | 401 | 403; reason: string };
