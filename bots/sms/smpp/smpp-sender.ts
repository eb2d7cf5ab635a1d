import {
  type ChannelSender,
  type OutboundMessage,
  PermanentSendError,
  type SendReceipt,
} from '../../../core/channels/contract.js';
import { renderSms } from '../../../core/channels/sms-render.js';
import { maskPhone, normalizeVietnamesePhone } from '../../../core/text/index.js';
import { parseSmppGateways, type SmppGatewayConfig } from './gateway-config.js';
import { PrefixRouter } from './prefix-router.js';
import { SMS_CHANNEL, SmppGateway, type SmppGatewayOptions } from './smpp-gateway.js';

export interface SmppSenderOptions {
  gateways: readonly SmppGateway[];
  /** Name of the gateway that stands in for a down one and serves prefixes nobody claims. */
  fallback?: string;
  /** Send with diacritics (UCS-2, 70 characters a segment) instead of folding to GSM-7 (160). */
  unicode: boolean;
}

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
    const rendered = renderSms(message, this.options.unicode);
    const [first, ...rest] = await gateway.submit(recipient, rendered.text);
    return { providerMessageId: smppProviderId(gateway.name, first ?? ''), parts: rest.length + 1 };
  }

  async close(): Promise<void> {
    await Promise.all(this.options.gateways.map((gateway) => gateway.close()));
  }
}
