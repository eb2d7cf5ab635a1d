import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port free right now (for a service whose public URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}
