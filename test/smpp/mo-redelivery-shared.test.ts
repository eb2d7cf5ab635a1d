import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MO_REDELIVERY_MS, RedisAnswerLedger } from '../../bots/sms/smpp/index.js';
import { createRedisConnection } from '../../workers/redis-connection.js';
import { testQueuePrefix, testRedisUrl } from '../support/test-redis.js';
import { gateway, simulator, until } from './smpp-harness.js';

// Two processes each holding a bind to the same SMSC, as the service runs (every process starts the channels): the
// SMSC delivers an MO whose answer was lost on one bind to the other, which must know it was taken.
describe('an MO delivered again on another process’s bind', () => {
  const redis = createRedisConnection(testRedisUrl());
  const prefix = testQueuePrefix();
  beforeAll(async () => {
    await redis.ping();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('is taken once when the binds share their answers through Redis', async () => {
    const smsc = await simulator();
    const ledger = () => new RedisAnswerLedger(redis, prefix, MO_REDELIVERY_MS);
    const first = gateway(smsc.port, { answerLedger: ledger() });
    await first.gateway.waitUntilUp(2_000);
    const second = gateway(smsc.port, { answerLedger: ledger() });
    await until(() => smsc.stats.binds === 2, 'both binds');
    // Delivered to the first bind, whose connection drops as it answers; delivered again to the second.
    await smsc.injectMo('0987654321', '8088', '1', { answerLost: [1] });
    expect([...first.mo, ...second.mo].map((event) => event.text)).toEqual(['1']);
    // The same words later, their answer seen read: a new message.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await smsc.injectMo('0987654321', '8088', '1');
    expect([...first.mo, ...second.mo].map((event) => event.text)).toEqual(['1', '1']);
  });
});
