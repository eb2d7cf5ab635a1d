import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** A Redis connection fit for BullMQ: workers block on it, so commands must wait for reconnects rather than fail. */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'epidemic-messaging' });
}

/**
 * Connection options for a BullMQ Worker or QueueEvents, made like `connection`: given options rather than a client,
 * BullMQ opens a connection of its own and quits it on close. A client passed in (a duplicate() too) counts as shared
 * and is never closed by BullMQ — a stopped service left four sockets open and kept its process alive (bench:smpp).
 */
export function ownConnection(connection: Redis): RedisOptions {
  // ioredis allows a null retryStrategy (never retry); BullMQ's type does not, and brings its own when left out.
  const { retryStrategy, ...options } = connection.options;
  return retryStrategy ? { ...options, retryStrategy } : options;
}
