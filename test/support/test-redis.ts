import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** A BullMQ prefix unique to one test, under this run's prefix so teardown removes its keys. */
export function testQueuePrefix(): string {
  return `t${inject('runId')}${randomBytes(3).toString('hex')}`;
}

export function testRedisUrl(): string {
  return inject('redisUrl');
}
