import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

/** A Messages API call as the fake received it. */
export interface RecordedTwilioRequest {
  path: string;
  authorized: boolean;
  form: Record<string, string>;
}

/** Answers the fake can give for one destination, with the status and error code Twilio uses. */
export type TwilioFailure = 'invalid_number' | 'not_mobile' | 'unsubscribed' | 'rate_limited' | 'server_error';

export interface TwilioFailureOptions {
  /** Retry-After header of a rate_limited answer, in seconds; null sends none. Default "2". */
  retryAfter?: string | null;
}

export interface PostedWebhook {
  status: number;
  body: string;
}

export interface SignOptions {
  /** Sign for this URL instead of the one posted to (a replay from elsewhere). */
  signedUrl?: string;
  /** Send this X-Twilio-Signature instead of the computed one; null sends no header. */
  signature?: string | null;
}

// Bodies as Twilio writes them; its messages name the number in full, which is why senders must not echo them.
const FAILURES: Record<TwilioFailure, { status: number; code: number; message: (to: string) => string }> = {
  invalid_number: { status: 400, code: 21211, message: (to) => `The 'To' number ${to} is not a valid phone number.` },
  not_mobile: { status: 400, code: 21614, message: (to) => `'To' number ${to} is not a valid mobile number` },
  unsubscribed: {
    status: 400,
    code: 21610,
    message: () => 'Attempt to send to unsubscribed recipient',
  },
  rate_limited: { status: 429, code: 20429, message: () => 'Too Many Requests' },
  server_error: { status: 500, code: 20500, message: () => 'Internal Server Error' },
};

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * A local stand-in for api.twilio.com's Messages resource, and for Twilio's side of webhooks: it posts status
 * callbacks and inbound messages signed with the real SDK's getExpectedTwilioSignature.
 */
export class FakeTwilio {
  readonly requests: RecordedTwilioRequest[] = [];
  private readonly failures = new Map<string, { failure: TwilioFailure; retryAfter: string | null }>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  static async start(accountSid: string, authToken: string): Promise<FakeTwilio> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeTwilio(server, `http://127.0.0.1:${port}`, accountSid, authToken);
    server.on('request', (request, response) => {
      fake.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    return fake;
  }

  /** Every later send to this destination (the To as sent) fails this way. */
  failFor(to: string, failure: TwilioFailure, options: TwilioFailureOptions = {}): void {
    this.failures.set(to, { failure, retryAfter: options.retryAfter === undefined ? '2' : options.retryAfter });
  }

  /** Posts a signed status callback, as Twilio does to a message's StatusCallback. */
  postStatus(
    url: string,
    fields: { MessageSid: string; MessageStatus: string; ErrorCode?: string },
    options: SignOptions = {},
  ): Promise<PostedWebhook> {
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      SmsSid: fields.MessageSid,
      SmsStatus: fields.MessageStatus,
      ...fields,
    };
    return this.postSigned(url, params, options);
  }

  /** Posts a signed incoming-message webhook, as Twilio does when someone texts our number. */
  postInbound(
    url: string,
    fields: { From: string; To: string; Body: string; MessageSid?: string },
    options: SignOptions = {},
  ): Promise<PostedWebhook> {
    const sid = fields.MessageSid ?? newMessageSid();
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      SmsMessageSid: sid,
      SmsSid: sid,
      SmsStatus: 'received',
      NumMedia: '0',
      NumSegments: String(segmentsOf(fields.Body)),
      ...fields,
      MessageSid: sid,
    };
    return this.postSigned(url, params, options);
  }

  async close(): Promise<void> {
    // The SDK keeps connections alive; without this, close() waits for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Posts any form to a webhook, signed the way Twilio signs (URL + params sorted by name, HMAC-SHA1). */
  async postSigned(url: string, params: Record<string, string>, options: SignOptions = {}): Promise<PostedWebhook> {
    const signature =
      options.signature === undefined
        ? twilio.getExpectedTwilioSignature(this.authToken, options.signedUrl ?? url, params)
        : options.signature;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    if (signature !== null) headers['x-twilio-signature'] = signature;
    const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
    return { status: response.status, body: await response.text() };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.baseUrl).pathname;
    const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const authorized = request.headers.authorization === basicAuth(this.accountSid, this.authToken);
    const match = MESSAGES_PATH.exec(path);
    if (request.method !== 'POST' || match === null) return sendError(response, 404, 20404, 'Not Found');
    this.requests.push({ path, authorized, form });
    if (!authorized)
      return sendError(response, 401, 20003, 'Authenticate', { 'www-authenticate': 'Basic realm="Twilio API"' });
    if (match[1] !== this.accountSid) return sendError(response, 404, 20404, 'Not Found');

    const { To: to, From: from, MessagingServiceSid: service, Body: body } = form;
    if (!to) return sendError(response, 400, 21604, "A 'To' phone number is required.");
    if (!from && !service)
      return sendError(response, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required.");
    if (!body) return sendError(response, 400, 21602, 'Message body is required.');

    const scripted = this.failures.get(to);
    if (scripted) {
      const failure = FAILURES[scripted.failure];
      const extra: Record<string, string> =
        scripted.failure === 'rate_limited' && scripted.retryAfter !== null
          ? { 'retry-after': scripted.retryAfter }
          : {};
      return sendError(response, failure.status, failure.code, failure.message(to), extra);
    }
    sendJson(response, 201, this.messageResource(to, from ?? null, service ?? null, body));
  }

  private messageResource(to: string, from: string | null, service: string | null, body: string) {
    const sid = newMessageSid();
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}`;
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      // With only a Messaging Service, Twilio picks the sender later: the resource has no From yet.
      from,
      messaging_service_sid: service,
      num_media: '0',
      num_segments: String(segmentsOf(body)),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `${uri}/Media.json` },
      to,
      uri: `${uri}.json`,
    };
  }
}

function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function sendError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
  sendJson(response, status, body, headers);
}

// Counted here independently of core/text, so a test compares our renderer against a second opinion.
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '\f^{}\\[~]|€';

/** Billed segments: GSM-7 160 / 153 septets (extension characters take two), else UCS-2 70 / 67 code units. */
function segmentsOf(body: string): number {
  const chars = [...body];
  const gsm = chars.every((char) => GSM7_BASIC.includes(char) || GSM7_EXTENDED.includes(char));
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const sizes = chars.map((char) => (gsm ? (GSM7_EXTENDED.includes(char) ? 2 : 1) : char.length));
  if (sizes.reduce((sum, size) => sum + size, 0) <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}
