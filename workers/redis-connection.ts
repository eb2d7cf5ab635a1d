import { Redis } from 'ioredis';

/** A Redis connection fit for BullMQ: workers block on it, so commands must wait for reconnects rather than fail. */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'epidemic-messaging' });
}
