import type { OutboundMessage } from '../../core/channels/contract.js';
import { splitAtWords } from '../../core/text/index.js';
import { ZALO_MAX_TEXT_CHARS } from './zalo-config.js';

export interface ZaloButton {
  title: string;
  type: 'oa.query.show';
  payload: string;
}

/** The `message` object of a consultation message (POST /v3.0/oa/message/cs). */
export type ZaloMessage =
  | { text: string }
  | { text: string; attachment: { type: 'template'; payload: { template_type?: string; buttons: ZaloButton[] } } }
  | {
      attachment: {
        type: 'template';
        payload: { template_type: 'media'; elements: [{ media_type: 'image'; attachment_id: string }] };
      };
    };

export interface ZaloRenderOptions {
  /** Most buttons one message may carry (unconfirmed: sources say 5); more choices become numbered lines. */
  maxButtons: number;
  /**
   * Sources disagree on whether a buttons-only template names a `template_type`; it is left out unless set
   * (unconfirmed, hence an option).
   */
  buttonTemplateType: string | undefined;
}

export const DEFAULT_ZALO_RENDER_OPTIONS: ZaloRenderOptions = { maxButtons: 5, buttonTemplateType: undefined };

/** The text and choices of a message as consultation messages: split under 2,000 characters, buttons on the last. */
export function renderZaloTexts(
  message: Pick<OutboundMessage, 'text' | 'choices'>,
  options: ZaloRenderOptions,
): ZaloMessage[] {
  const choices = message.choices ?? [];
  const asButtons = choices.length > 0 && choices.length <= options.maxButtons;
  // Numbered lines are what SMS users get too; the dialog's recogniser accepts the number or the label.
  const text =
    asButtons || choices.length === 0
      ? message.text
      : [message.text, ...choices.map((choice, index) => `${index + 1}. ${choice.label}`)].join('\n');
  if (text === '' && !asButtons) return [];
  const parts = splitAtWords(text, ZALO_MAX_TEXT_CHARS);
  if (!asButtons) return parts.map((part) => ({ text: part }));
  // oa.query.show posts the payload back as the user's own text, visibly: the label reads naturally in the chat
  // and is what the dialog recognises.
  const buttons = choices.map(
    (choice): ZaloButton => ({ title: choice.label, type: 'oa.query.show', payload: choice.label }),
  );
  const templateType = options.buttonTemplateType === undefined ? {} : { template_type: options.buttonTemplateType };
  const last = parts.length - 1;
  return parts.map((part, index) =>
    index === last
      ? { text: part, attachment: { type: 'template', payload: { ...templateType, buttons } } }
      : { text: part },
  );
}

/** An uploaded image as a media template message. */
export function renderZaloImage(attachmentId: string): ZaloMessage {
  return {
    attachment: {
      type: 'template',
      payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: attachmentId }] },
    },
  };
}
