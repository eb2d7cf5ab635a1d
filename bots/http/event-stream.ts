import type { FastifyReply, FastifyRequest } from 'fastify';

/** One server-sent events response, written by hand: Fastify's reply is hijacked for as long as the stream lives. */
export interface EventStream {
  send(event: string, data: unknown): void;
  /** A comment line: keeps proxies from closing a quiet stream. */
  comment(text: string): void;
  /** False once the client has gone away. */
  isOpen(): boolean;
  end(): void;
}

/** Takes over the reply and starts an event stream to the console. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let open = true;
  request.raw.on('close', () => {
    open = false;
  });
  return {
    send: (event, data) => void reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    comment: (text) => void reply.raw.write(`: ${text}\n\n`),
    isOpen: () => open,
    end: () => reply.raw.end(),
  };
}
