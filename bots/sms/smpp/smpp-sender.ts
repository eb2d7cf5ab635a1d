import {
  type ChannelSender,
  type OutboundMessage,
  PermanentSendError,
  type SendReceipt,
} from '../../../core/channels/contract.js';
import { renderSms } from '../../../core/channels/sms-render.js';
import { maskPhone, normalizeVietnamesePhone } from '../../../core/text/index.js';
import { parseSmppGateways, type SmppGatewayConfig } from './gateway-config.js';
import { LruMap } from './lru-map.js';
import { PrefixRouter } from './prefix-router.js';
import { SMS_CHANNEL, SmppGateway, type SmppGatewayOptions } from './smpp-gateway.js';
import { buildSubmitParts, type SubmitPart } from './submit-parts.js';

export interface SmppSenderOptions {
  gateways: readonly SmppGateway[];
  /** Name of the gateway that stands in for a down one and serves prefixes nobody claims. */
  fallback?: string;
  /** Send with diacritics (UCS-2, 70 characters a segment) instead of folding to GSM-7 (160). */
  unicode: boolean;
}

/** How many recent texts keep their rendered parts: a mass alert sends one text, or a few languages, to thousands. */
const RENDERED_TEXTS = 64;

/** Tuning shared by every gateway built from configuration (window, timeouts, logger). */
export type SmppTuning = Omit<SmppGatewayOptions, keyof SmppGatewayConfig>;

/**
 * Our id of an SMSC's message id: each carrier's SMSC counts on its own, so the same id can come from two binds;
 * prefixing the gateway keeps ids (and the receipts that name them) apart.
 */
export function smppProviderId(gateway: string, smscMessageId: string): string {
  return `${gateway}:${smscMessageId}`;
}

/** A gateway per SMPP_GATEWAYS entry, not yet started; throws an SmppConfigError on a bad value. */
export function createSmppGateways(
  config: { SMPP_GATEWAYS: string; SMPP_FALLBACK_GATEWAY?: string | undefined },
  tuning: SmppTuning = {},
): { gateways: SmppGateway[]; fallback: string | undefined } {
  const parsed = parseSmppGateways(config.SMPP_GATEWAYS, config.SMPP_FALLBACK_GATEWAY);
  return {
    gateways: parsed.gateways.map((gateway) => new SmppGateway({ ...tuning, ...gateway })),
    fallback: parsed.fallback,
  };
}

/** The SMS channel over SMPP binds: renders, picks the gateway by the recipient's prefix, sends every part. */
export class SmppSender implements ChannelSender {
  readonly channel = SMS_CHANNEL;
  private readonly router: PrefixRouter<SmppGateway>;
  // Texts with choices are keyed apart, so that no plain text can pose as another text with its choices.
  private readonly plainParts = new LruMap<string, readonly SubmitPart[]>(RENDERED_TEXTS);
  private readonly choiceParts = new LruMap<string, readonly SubmitPart[]>(RENDERED_TEXTS);

  constructor(private readonly options: SmppSenderOptions) {
    this.router = new PrefixRouter(options.gateways, options.fallback);
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    const recipient = normalizeVietnamesePhone(message.recipient);
    if (recipient === undefined) {
      throw new PermanentSendError(
        'SMS_INVALID_NUMBER',
        `message ${message.messageId}: not a Vietnamese mobile`,
        false,
      );
    }
    const gateway = this.router.route(recipient, (candidate) => !candidate.isUp);
    if (gateway === undefined) {
      throw new PermanentSendError('SMS_NO_ROUTE', `no SMPP gateway serves ${maskPhone(recipient)}`, false);
    }
    const [first, ...rest] = await gateway.submitParts(recipient, this.partsOf(message));
    return { providerMessageId: smppProviderId(gateway.name, first ?? ''), parts: rest.length + 1 };
  }

  /** The text rendered for SMS and split into parts, once per (text, choices) while it is among the recent ones. */
  private partsOf(message: OutboundMessage): readonly SubmitPart[] {
    const choices = message.choices ?? [];
    const cache = choices.length === 0 ? this.plainParts : this.choiceParts;
    const key = choices.length === 0 ? message.text : JSON.stringify([message.text, ...choices.map((c) => c.label)]);
    let parts = cache.get(key);
    if (parts === undefined) {
      parts = buildSubmitParts(renderSms(message, this.options.unicode).text);
      cache.set(key, parts);
    }
    return parts;
  }

  async close(): Promise<void> {
    await Promise.all(this.options.gateways.map((gateway) => gateway.close()));
  }
}
