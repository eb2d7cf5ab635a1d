import {
  type ChannelSender,
  type OutboundMessage,
  PermanentSendError,
  type SendReceipt,
} from '../../core/channels/contract.js';
import type { Database } from '../../core/db/database.js';
import { ZaloClient, type ZnsTemplateData } from './zalo-client.js';
import { ZALO_CHANNEL, type ZaloSettings } from './zalo-config.js';
import type { ZaloErrorCodes } from './zalo-errors.js';
import { ZALO_REQUEST_TIMEOUT_MS } from './zalo-http.js';
import {
  DEFAULT_ZALO_RENDER_OPTIONS,
  renderZaloImage,
  renderZaloTexts,
  type ZaloMessage,
  type ZaloRenderOptions,
} from './zalo-render.js';
import { ZaloTokenStore } from './zalo-token-store.js';

const VIETNAMESE_E164 = /^\+84(\d{9})$/;

/** Zalo details the sources disagree on; the defaults are the best-supported reading. */
export interface ZaloSenderOptions extends Partial<ZaloRenderOptions> {
  errorCodes?: ZaloErrorCodes;
  refreshMarginMs?: number;
  timeoutMs?: number;
}

/** Sends replies and alerts to Zalo users through the OA consultation API, and ZNS templates to phone numbers. */
export class ZaloSender implements ChannelSender {
  readonly channel = ZALO_CHANNEL;
  readonly #client: ZaloClient;
  readonly #render: ZaloRenderOptions;

  constructor(client: ZaloClient, options: Partial<ZaloRenderOptions> = {}) {
    this.#client = client;
    this.#render = {
      maxButtons: options.maxButtons ?? DEFAULT_ZALO_RENDER_OPTIONS.maxButtons,
      buttonTemplateType: options.buttonTemplateType ?? DEFAULT_ZALO_RENDER_OPTIONS.buttonTemplateType,
    };
  }

  /** Text parts in order (buttons on the last), then the image; the receipt names the first part's id. */
  async send(message: OutboundMessage): Promise<SendReceipt> {
    const messages: ZaloMessage[] = renderZaloTexts(message, this.#render);
    if (message.image !== undefined) {
      // Uploaded before any text goes out, so a failed upload leaves nothing half sent.
      const attachmentId = await this.#client.uploadImage(Buffer.from(message.image.pngBase64, 'base64'));
      messages.push(renderZaloImage(attachmentId));
    }
    const ids: string[] = [];
    for (const part of messages) ids.push(await this.#client.sendConsultation(message.recipient, part));
    const [first] = ids;
    if (first === undefined)
      throw new PermanentSendError('zalo_empty_message', 'the message has no text or image', false);
    return { providerMessageId: first, parts: ids.length };
  }

  /** Sends an approved ZNS template to someone who may never have followed the OA (the alerts engine's fallback). */
  async sendZnsTemplate(
    phoneE164: string,
    templateId: string,
    data: ZnsTemplateData,
    trackingId: string,
  ): Promise<SendReceipt> {
    const national = VIETNAMESE_E164.exec(phoneE164)?.[1];
    if (national === undefined) {
      throw new PermanentSendError('zalo_zns_bad_phone', 'ZNS takes Vietnamese numbers only', false);
    }
    // ZNS wants the number as 84xxxxxxxxx: no plus sign, no leading zero.
    const msgId = await this.#client.sendZnsTemplate(`84${national}`, templateId, data, trackingId);
    return { providerMessageId: msgId, parts: 1 };
  }
}

/** The Zalo sender wired to its token store on `db`. */
export function createZaloSender(db: Database, settings: ZaloSettings, options: ZaloSenderOptions = {}): ZaloSender {
  const timeoutMs = options.timeoutMs ?? ZALO_REQUEST_TIMEOUT_MS;
  const tokens = new ZaloTokenStore({
    db,
    appId: settings.appId,
    appSecret: settings.appSecret,
    oauthBase: settings.oauthBase,
    timeoutMs,
    seedAccessToken: settings.seedAccessToken,
    seedRefreshToken: settings.seedRefreshToken,
    refreshMarginMs: options.refreshMarginMs,
  });
  const client = new ZaloClient({
    apiBase: settings.apiBase,
    znsBase: settings.znsBase,
    tokens,
    timeoutMs,
    errorCodes: options.errorCodes,
  });
  return new ZaloSender(client, options);
}
