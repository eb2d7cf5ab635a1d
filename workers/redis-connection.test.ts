import { QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '../test/support/redis-keys.js';
import { testQueuePrefix, testRedisUrl } from '../test/support/test-redis.js';
import { ownConnection } from './redis-connection.js';

const prefix = testQueuePrefix();
// Named after the test's prefix, so the connections made like it can be told from other runs' in CLIENT LIST.
const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null, connectionName: prefix });
afterAll(async () => {
  await deleteKeysWithPrefix(connection, prefix);
  await connection.quit();
});

/** Connections open on the server that were made from `connection` or by BullMQ under the test's prefix. */
async function openConnections(): Promise<number> {
  const list = (await connection.call('CLIENT', 'LIST')) as string;
  return list.split('\n').filter((line) => new RegExp(` name=${prefix}(:| )`).test(line)).length;
}

describe('ownConnection', () => {
  it('gives a worker and a queue listener connections of their own that their close() ends', async () => {
    const worker = new Worker('q', async () => undefined, { connection: ownConnection(connection), prefix });
    const events = new QueueEvents('q', { connection: ownConnection(connection), prefix });
    await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
    // The worker's commands and its blocking reads, and the listener's stream reads, besides `connection` itself.
    expect(await openConnections()).toBeGreaterThanOrEqual(4);
    await Promise.all([worker.close(), events.close()]);
    expect(await openConnections()).toBe(1);
  });
});
