import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/env.js';
import { waitFor } from '../test/support/wait-for.js';
import { type PrivateRedis, RedisServerMissingError, startPrivateRedis } from './private-redis.js';

const logger = pino({ level: 'silent' });

describe('startPrivateRedis', () => {
  let dataDir: string;
  const started: PrivateRedis[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'private-redis-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((redis) => redis.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<PrivateRedis> {
    const redis = await startPrivateRedis({ dataDir, logger, searchPath: loadConfig().PATH });
    started.push(redis);
    return redis;
  }

  async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {
      // Surfaced through the rejected command instead.
    });
    try {
      await client.connect();
      return await use(client);
    } finally {
      client.disconnect();
    }
  }

  it('keeps data under dataDir across a stop and a restart', { timeout: 30_000 }, async () => {
    const first = await start();
    expect(first.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    await withClient(first.url, (client) => client.set('epidemic:probe', 'kept'));
    await first.stop();

    expect((await stat(path.join(dataDir, 'redis'))).isDirectory()).toBe(true);

    const second = await start();
    expect(await withClient(second.url, (client) => client.get('epidemic:probe'))).toBe('kept');
  });

  it('runs with the settings BullMQ relies on', { timeout: 30_000 }, async () => {
    const redis = await start();
    const config = await withClient(redis.url, async (client) => ({
      policy: await client.config('GET', 'maxmemory-policy'),
      appendonly: await client.config('GET', 'appendonly'),
      save: await client.config('GET', 'save'),
      bind: await client.config('GET', 'bind'),
      dir: await client.config('GET', 'dir'),
    }));
    expect(config.policy).toEqual(['maxmemory-policy', 'noeviction']);
    expect(config.appendonly).toEqual(['appendonly', 'yes']);
    expect(config.save).toEqual(['save', '']);
    expect(config.bind).toEqual(['bind', '127.0.0.1']);
    expect(config.dir[1]).toBe(path.join(dataDir, 'redis'));
  });

  it('starts redis-server again on its port when it dies, and a connected client carries on', {
    timeout: 30_000,
  }, async () => {
    const exitHooks = process.listenerCount('exit');
    const redis = await start();
    // A client as the service's: it retries the same address for ever.
    const client = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    client.on('error', () => {
      // Refused while redis-server is down; the command below waits for the reconnection.
    });
    try {
      const processId = async () => /process_id:(\d+)/.exec(await client.info('server'))?.[1];
      const killed = Number(await processId());
      process.kill(killed, 'SIGKILL');
      await waitFor(
        'a new redis-server on the same port',
        async () => ((await processId()) ?? String(killed)) !== String(killed),
        15_000,
      );
      expect(await client.ping()).toBe('PONG');
      // The dead one's exit hook went with it: one hook, for the one running.
      expect(process.listenerCount('exit')).toBe(exitHooks + 1);
    } finally {
      client.disconnect();
    }
    await redis.stop();
    expect(process.listenerCount('exit')).toBe(exitHooks);
  });

  it('stops idempotently and drops its process exit hook', { timeout: 30_000 }, async () => {
    const exitHooks = process.listenerCount('exit');
    const redis = await start();
    expect(process.listenerCount('exit')).toBe(exitHooks + 1);

    await Promise.all([redis.stop(), redis.stop()]);
    await redis.stop();

    expect(process.listenerCount('exit')).toBe(exitHooks);
    await expect(withClient(redis.url, (client) => client.ping())).rejects.toThrow();
  });

  it('rejects with a one-line RedisServerMissingError when the binary is not on PATH', async () => {
    const attempt = startPrivateRedis({
      dataDir,
      logger,
      searchPath: loadConfig().PATH,
      binary: 'redis-server-that-does-not-exist',
    });

    await expect(attempt).rejects.toBeInstanceOf(RedisServerMissingError);
    const error = (await attempt.catch((caught: unknown) => caught)) as RedisServerMissingError;
    expect(error.code).toBe('REDIS_SERVER_MISSING');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('REDIS_URL');
    expect(error.message).toContain('apt-get install redis-server');
    expect(error.message).toContain('brew install redis');
  });
});
