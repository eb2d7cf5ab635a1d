import { z } from 'zod';
import { TransientSendError } from '../../core/channels/contract.js';
import { DEFAULT_ZALO_ERROR_CODES, type ZaloErrorCodes, zaloSendError } from './zalo-errors.js';
import { postToZalo, ZALO_REQUEST_TIMEOUT_MS, zaloUrl } from './zalo-http.js';
import type { ZaloMessage } from './zalo-render.js';
import type { ZaloTokenStore } from './zalo-token-store.js';

export interface ZaloClientOptions {
  apiBase: string;
  znsBase: string;
  tokens: ZaloTokenStore;
  errorCodes?: ZaloErrorCodes;
  timeoutMs?: number;
}

/** ZNS template parameters, as approved with the template. */
export type ZnsTemplateData = Readonly<Record<string, string | number>>;

// Zalo answers HTTP 200 with `error` set; 0 is success.
const replySchema = z.object({ error: z.number().int(), message: z.string().optional(), data: z.unknown().optional() });
const sentSchema = z.object({ message_id: z.string().min(1) });
const uploadedSchema = z.object({ attachment_id: z.string().min(1) });
const znsSentSchema = z.object({ msg_id: z.string().min(1) });

/** The OA Open API and ZNS calls, each sent with the stored access token and retried once after a refused one. */
export class ZaloClient {
  readonly #options: ZaloClientOptions;
  readonly #codes: ZaloErrorCodes;
  readonly #timeoutMs: number;

  constructor(options: ZaloClientOptions) {
    this.#options = options;
    this.#codes = options.errorCodes ?? DEFAULT_ZALO_ERROR_CODES;
    this.#timeoutMs = options.timeoutMs ?? ZALO_REQUEST_TIMEOUT_MS;
  }

  /** Sends one consultation message to a Zalo user id; resolves to Zalo's message id. */
  async sendConsultation(userId: string, message: ZaloMessage): Promise<string> {
    const url = zaloUrl(this.#options.apiBase, '/v3.0/oa/message/cs');
    const body = JSON.stringify({ recipient: { user_id: userId }, message });
    const data = await this.#call('message/cs', (token) => this.#postJson(url, token, body, 'message/cs'));
    return dataOf(sentSchema, data, 'message/cs').message_id;
  }

  /** Uploads a PNG for a media template; resolves to its attachment_id. */
  async uploadImage(png: Uint8Array): Promise<string> {
    const url = zaloUrl(this.#options.apiBase, '/v2.0/oa/upload/image');
    const data = await this.#call('upload/image', (token) => {
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), 'image.png');
      return postToZalo(url, { headers: { access_token: token }, body: form }, 'upload/image', this.#timeoutMs);
    });
    return dataOf(uploadedSchema, data, 'upload/image').attachment_id;
  }

  /** Sends an approved ZNS template to a phone written 84xxxxxxxxx; resolves to ZNS's msg_id. */
  async sendZnsTemplate(
    phone84: string,
    templateId: string,
    data: ZnsTemplateData,
    trackingId: string,
  ): Promise<string> {
    const url = zaloUrl(this.#options.znsBase, '/message/template');
    const body = JSON.stringify({
      phone: phone84,
      template_id: templateId,
      template_data: data,
      tracking_id: trackingId,
    });
    const reply = await this.#call('zns', (token) => this.#postJson(url, token, body, 'zns'));
    return dataOf(znsSentSchema, reply, 'zns').msg_id;
  }

  #postJson(url: string, token: string, body: string, what: string): Promise<unknown> {
    const headers = { access_token: token, 'content-type': 'application/json' };
    return postToZalo(url, { headers, body }, what, this.#timeoutMs);
  }

  async #call(what: string, post: (token: string) => Promise<unknown>): Promise<unknown> {
    const used = await this.#options.tokens.current();
    let reply = replyOf(await post(used.token), what);
    if (this.#codes.invalidToken.includes(reply.error)) {
      const fresh = await this.#options.tokens.replaceRejected(used);
      reply = replyOf(await post(fresh.token), what);
      // Once is enough: a token refused right after its refresh means a revoked app or OA, not a race.
      if (this.#codes.invalidToken.includes(reply.error)) {
        throw new TransientSendError('zalo_token_rejected', `${what}: Zalo refused a freshly refreshed token`);
      }
    }
    if (reply.error !== 0) throw zaloSendError(reply.error, reply.message ?? '', this.#codes);
    return reply.data;
  }
}

function replyOf(body: unknown, what: string): z.infer<typeof replySchema> {
  const reply = replySchema.safeParse(body);
  if (!reply.success) throw new TransientSendError('zalo_bad_response', `${what}: not a Zalo reply`);
  return reply.data;
}

function dataOf<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new TransientSendError('zalo_bad_response', `${what}: success without the expected data`);
  return parsed.data;
}
