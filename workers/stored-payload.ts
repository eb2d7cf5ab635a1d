import type { OutboundImage, OutboundMessage, ProviderTemplate } from '../core/channels/contract.js';
import type { Message } from '../core/db/schema.js';
import type { ReplyChoice } from '../core/dialogs/turn-services.js';

/** The channel-neutral extras stored with an outbound message. */
interface StoredPayload {
  choices?: ReplyChoice[];
  image?: OutboundImage;
  template?: ProviderTemplate;
}

/** What a channel sender is given for a stored outbound message and the address it goes to. */
export function outboundMessageOf(
  message: Pick<Message, 'id' | 'text' | 'payload'>,
  recipient: string,
): OutboundMessage {
  const payload = (message.payload ?? {}) as StoredPayload;
  return {
    messageId: message.id,
    recipient,
    text: message.text,
    ...(payload.choices ? { choices: payload.choices } : {}),
    ...(payload.image ? { image: payload.image } : {}),
    ...(payload.template ? { template: payload.template } : {}),
  };
}
