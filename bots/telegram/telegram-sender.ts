import { Telegraf, type Telegram } from 'telegraf';
import type { ChannelSender, OutboundMessage, SendReceipt } from '../../core/channels/contract.js';
import { type KeyboardStyle, renderTelegramMessage, TELEGRAM_CHANNEL, type TelegramStep } from './telegram-render.js';
import { toSendError } from './telegram-send-errors.js';

export interface TelegramSenderOptions {
  token: string;
  /** Bot API root; a local fake in tests and demos. */
  apiRoot?: string;
  /** How choices are shown; see KeyboardStyle for why 'reply' suits elderly users. */
  keyboard?: KeyboardStyle;
}

/** Sends OutboundMessages to Telegram chats (recipient = chat id) through the Bot API. */
export class TelegramSender implements ChannelSender {
  readonly channel = TELEGRAM_CHANNEL;
  readonly #telegram: Telegram;
  readonly #token: string;
  readonly #keyboard: KeyboardStyle;

  constructor({ token, apiRoot = 'https://api.telegram.org', keyboard = 'inline' }: TelegramSenderOptions) {
    // webhookReply off: every send must be a real API call whose result and failure we see, never a webhook answer.
    this.#telegram = new Telegraf(token, { telegram: { apiRoot, webhookReply: false } }).telegram;
    this.#token = token;
    this.#keyboard = keyboard;
  }

  /**
   * Sends the message's parts in order. A failure part-way through throws, and a retry sends the earlier parts again:
   * Telegram has no idempotency key to prevent that.
   */
  async send(message: OutboundMessage): Promise<SendReceipt> {
    const [first, ...rest] = renderTelegramMessage(message, this.#keyboard);
    const providerMessageId = await this.#call(message, first);
    for (const step of rest) await this.#call(message, step);
    return { providerMessageId, parts: rest.length + 1 };
  }

  async #call(message: OutboundMessage, step: TelegramStep): Promise<string> {
    try {
      const sent =
        step.method === 'sendPhoto'
          ? await this.#telegram.sendPhoto(
              message.recipient,
              { source: step.photo, filename: 'image.png' },
              { caption: step.caption, reply_markup: step.markup },
            )
          : await this.#telegram.sendMessage(message.recipient, step.text, { reply_markup: step.markup });
      // message_id is unique only within a chat, and stored ids must be unique per channel.
      return `${sent.chat.id}:${sent.message_id}`;
    } catch (error) {
      throw toSendError(error, step.method, message.messageId, this.#token);
    }
  }
}
