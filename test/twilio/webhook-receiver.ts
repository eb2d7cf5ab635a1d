import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTwilioInbound, parseTwilioStatus, TWILIO_STATUS_PATH } from '../../bots/sms/twilio/twilio-webhook.js';
import type { WebhookParse } from '../../core/channels/contract.js';

export const INBOUND_PATH = '/webhooks/twilio/inbound';

export interface WebhookReceiver {
  /** Where the server listens (the "internal" address). */
  url: string;
  /** Every parse, in arrival order, refused ones included. */
  parses: WebhookParse[];
  close(): Promise<void>;
}

/**
 * The smallest HTTP edge around the parsers, so the fake posts real form-encoded, signed requests at them:
 * answers 200 for an accepted parse, else the parse's status. `publicUrl` is what Twilio would have been given;
 * by default the server's own address.
 */
export async function startWebhookReceiver(authToken: string, publicUrl?: string): Promise<WebhookReceiver> {
  const parses: WebhookParse[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', async (request, response) => {
    const path = request.url ?? '/';
    const params = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const parse = new URL(path, url).pathname === TWILIO_STATUS_PATH ? parseTwilioStatus : parseTwilioInbound;
    const result = parse(request.headers, params, publicUrl ?? url, authToken, path);
    parses.push(result);
    response.writeHead(result.ok ? 200 : result.status, { 'content-type': 'text/plain' });
    response.end(result.ok ? 'ok' : result.reason);
  });
  return {
    url,
    parses,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
