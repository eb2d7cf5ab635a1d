import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A request as the fake received it; `body` is the parsed JSON or form, or a summary of an uploaded file. */
export interface RecordedZaloRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** How a send to one user id (or ZNS phone) fails: a Zalo error code in an HTTP 200 body, or a bare HTTP status. */
export type ZaloFailure = { zaloError: number } | { httpStatus: number };

export interface FakeZaloOptions {
  appId: string;
  appSecret: string;
  /** Delay before a refresh answers, so concurrent callers really do overlap. */
  refreshDelayMs?: number;
}

export interface PostedEvent {
  status: number;
  body: string;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const FAILURE_MESSAGES: Record<number, string> = {
  [-230]: 'User has not interacted with the OA in the past 7 days',
  [-32]: 'Exceeded the request rate limit',
  [-213]: 'User has not followed the OA',
};

/**
 * A local stand-in for Zalo's OA Open API (message/cs, upload/image), OAuth v4 refresh and ZNS, answering the way
 * Zalo does: errors in HTTP 200 bodies, refresh tokens good for one use. No sandbox of Zalo exists.
 */
export class FakeZalo {
  readonly requests: RecordedZaloRequest[] = [];
  /** Consultation messages Zalo accepted, in order. */
  readonly sent: { userId: string; message: unknown }[] = [];
  /** Refresh tokens presented to OAuth, in order, whether accepted or not. */
  readonly refreshTokensPresented: string[] = [];
  refreshCount = 0;
  readonly #accessTokens = new Set<string>();
  readonly #refreshTokens = new Set<string>();
  readonly #attachments = new Set<string>();
  readonly #failures = new Map<string, { failure: ZaloFailure; remaining: number }>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly options: FakeZaloOptions,
  ) {}

  static async start(options: FakeZaloOptions): Promise<FakeZalo> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeZalo(server, `http://127.0.0.1:${port}`, options);
    server.on('request', (request, response) => {
      fake.handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    return fake;
  }

  /** The service variables that point the Zalo channel at this fake, seeded with fresh tokens. */
  serviceEnv(oaSecretKey: string): Record<string, string> {
    const tokens = this.issueTokens();
    return {
      ZALO_APP_ID: this.options.appId,
      ZALO_APP_SECRET: this.options.appSecret,
      ZALO_OA_SECRET_KEY: oaSecretKey,
      ZALO_ACCESS_TOKEN: tokens.accessToken,
      ZALO_REFRESH_TOKEN: tokens.refreshToken,
      ZALO_API_BASE: this.baseUrl,
      ZALO_OAUTH_BASE: this.baseUrl,
      ZALO_ZNS_BASE: this.baseUrl,
    };
  }

  /** A valid access token and an unused refresh token, as an operator would copy them from Zalo's console. */
  issueTokens(): TokenPair {
    const pair = {
      accessToken: `at-${randomBytes(8).toString('hex')}`,
      refreshToken: `rt-${randomBytes(8).toString('hex')}`,
    };
    this.#accessTokens.add(pair.accessToken);
    this.#refreshTokens.add(pair.refreshToken);
    return pair;
  }

  /** Every access token issued so far answers -216 from now on, as after expiry or revocation. */
  expireAccessTokens(): void {
    this.#accessTokens.clear();
  }

  /** The next `times` sends to this user id (or ZNS phone) fail this way. */
  failFor(recipient: string, failure: ZaloFailure, times = Number.POSITIVE_INFINITY): void {
    this.#failures.set(recipient, { failure, remaining: times });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    const token = request.headers.access_token;
    const accessOk = typeof token === 'string' && this.#accessTokens.has(token);
    const reply = (body: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const record = (body: unknown): void => {
      this.requests.push({ path, headers: request.headers, body });
    };

    if (request.method !== 'POST') return void response.writeHead(405).end();
    switch (path) {
      case '/v4/oa/access_token': {
        const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
        record(form);
        return reply(await this.refresh(form, request.headers.secret_key));
      }
      case '/v2.0/oa/upload/image': {
        const file = (await new Response(raw, { headers: { 'content-type': contentType } }).formData()).get('file');
        const isImage = file instanceof Blob && /^image\/(png|jpeg)$/.test(file.type);
        record(file instanceof Blob ? { file: { type: file.type, size: file.size } } : {});
        if (!accessOk) return reply({ error: -216, message: 'Access token is invalid' });
        if (!isImage) return reply({ error: -201, message: 'Parameters are invalid' });
        const attachmentId = `att-${randomBytes(6).toString('hex')}`;
        this.#attachments.add(attachmentId);
        return reply({ error: 0, message: 'Success', data: { attachment_id: attachmentId } });
      }
      case '/v3.0/oa/message/cs': {
        const body = JSON.parse(raw.toString('utf8')) as CsBody;
        record(body);
        if (!accessOk) return reply({ error: -216, message: 'Access token is invalid' });
        const userId = body.recipient?.user_id ?? '';
        if (this.scriptedFailure(userId, response, reply)) return;
        if (!this.validMessage(body.message)) return reply({ error: -201, message: 'Parameters are invalid' });
        this.sent.push({ userId, message: body.message });
        const data = { message_id: `msg-${randomBytes(8).toString('hex')}`, user_id: userId };
        return reply({ error: 0, message: 'Success', data });
      }
      case '/message/template': {
        const body = JSON.parse(raw.toString('utf8')) as ZnsBody;
        record(body);
        // ZNS has its own error table; -124 is its "access token invalid".
        if (!accessOk) return reply({ error: -124, message: 'Access token is invalid' });
        const phone = body.phone ?? '';
        if (this.scriptedFailure(phone, response, reply)) return;
        if (!/^84\d{9}$/.test(phone)) return reply({ error: -108, message: 'Phone number invalid' });
        if (!body.template_id || typeof body.template_data !== 'object') {
          return reply({ error: -109, message: 'Template ID invalid' });
        }
        const data = { msg_id: `zns-${randomBytes(8).toString('hex')}`, sent_time: String(Date.now()) };
        return reply({ error: 0, message: 'Success', data });
      }
      default:
        response.writeHead(404).end();
    }
  }

  private async refresh(form: Record<string, string>, secretKey: unknown): Promise<unknown> {
    const presented = form.refresh_token ?? '';
    this.refreshTokensPresented.push(presented);
    const valid =
      secretKey === this.options.appSecret &&
      form.app_id === this.options.appId &&
      form.grant_type === 'refresh_token' &&
      this.#refreshTokens.delete(presented);
    if (!valid)
      return { error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid' };
    this.refreshCount += 1;
    await sleep(this.options.refreshDelayMs ?? 0);
    const pair = this.issueTokens();
    return { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: '90000' };
  }

  private scriptedFailure(recipient: string, response: ServerResponse, reply: (body: unknown) => void): boolean {
    const scripted = this.#failures.get(recipient);
    if (scripted === undefined || scripted.remaining <= 0) return false;
    scripted.remaining -= 1;
    const { failure } = scripted;
    if ('httpStatus' in failure) response.writeHead(failure.httpStatus).end('upstream error');
    else reply({ error: failure.zaloError, message: FAILURE_MESSAGES[failure.zaloError] ?? 'Error' });
    return true;
  }

  /** Text up to 2,000 characters, or a media template naming an uploaded attachment. */
  private validMessage(message: CsBody['message']): boolean {
    if (message === undefined) return false;
    if (typeof message.text === 'string' && message.text.length > 2000) return false;
    const element = message.attachment?.payload?.elements?.[0];
    if (element?.attachment_id !== undefined) return this.#attachments.has(element.attachment_id);
    return typeof message.text === 'string';
  }
}

interface CsBody {
  recipient?: { user_id?: string };
  message?: { text?: unknown; attachment?: { payload?: { elements?: { attachment_id?: string }[] } } };
}

interface ZnsBody {
  phone?: string;
  template_id?: string;
  template_data?: unknown;
}

/** X-ZEvent-Signature as Zalo computes it: "mac=" + hex SHA-256 of app id + raw body + body timestamp + secret. */
export function signEvent(rawBody: string, appId: string, secret: string): string {
  const { timestamp } = JSON.parse(rawBody) as { timestamp?: string | number };
  return `mac=${createHash('sha256')
    .update(`${appId}${rawBody}${timestamp ?? ''}${secret}`)
    .digest('hex')}`;
}

/** POSTs a webhook event to `url` the way Zalo does: JSON body, signature header. */
export async function deliverEvent(url: string, event: object, appId: string, secret: string): Promise<PostedEvent> {
  const body = JSON.stringify(event);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-ZEvent-Signature': signEvent(body, appId, secret) },
    body,
  });
  return { status: response.status, body: await response.text() };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
