import {
  type ChannelSender,
  type OutboundMessage,
  PermanentSendError,
  type SendReceipt,
} from '../../core/channels/contract.js';
import type { ChannelModule } from '../channel-module.js';
import type { ZaloSender } from './zalo-sender.js';

/** Campaign channel name of Zalo Notification Service: approved templates to phone numbers. */
export const ZNS_CHANNEL = 'zns';
// ZNS quotas are per OA and per day (set in Zalo's console); this only keeps bursts polite.
const ZNS_SENDS_PER_SECOND = 50;

/** Sends a campaign message's ZNS template to the phone it is addressed to. */
class ZnsSender implements ChannelSender {
  readonly channel = ZNS_CHANNEL;

  constructor(private readonly zalo: ZaloSender) {}

  async send(message: OutboundMessage): Promise<SendReceipt> {
    if (!message.template) {
      throw new PermanentSendError('zns_no_template', 'ZNS sends approved templates only, and none was given', false);
    }
    return this.zalo.sendZnsTemplate(
      message.recipient,
      message.template.id,
      message.template.params,
      message.messageId,
    );
  }
}

/**
 * ZNS as its own channel for the alerts engine: reachable by phone like SMS, sent through the Zalo channel's own
 * sender (one token store: Zalo's refresh tokens are single-use, two stores would lock each other out).
 */
export function createZnsChannel(zalo: ZaloSender): ChannelModule {
  return {
    channel: ZNS_CHANNEL,
    routes: [
      { name: ZNS_CHANNEL, sender: new ZnsSender(zalo), limiter: { max: ZNS_SENDS_PER_SECOND, durationMs: 1000 } },
    ],
    routeFor: (phone) => (/^\+84\d{9}$/.test(phone) ? ZNS_CHANNEL : undefined),
  };
}
