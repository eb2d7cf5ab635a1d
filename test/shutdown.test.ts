import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/env.js';
import { startPrivateRedis } from '../workers/private-redis.js';
import { type ChildService, startChildService } from './support/child-service.js';

// The Quick start path for real: a child process on the embedded default (PGlite + a private redis-server under
// DATA_DIR), stopped with SIGTERM mid-conversation and started again on the same DATA_DIR.
describe('graceful shutdown on the embedded default', () => {
  let dataDir: string;
  let running: ChildService | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'epi-shutdown-'));
  });
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    running = await startChildService({ DATA_DIR: dataDir });
    return running;
  };
  const send = async (service: ChildService, text: string) => {
    const response = await fetch(`${service.url}/channels/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'elder', text }),
    });
    return {
      status: response.status,
      texts: ((await response.json()) as { replies: { text: string }[] }).replies.map((r) => r.text),
    };
  };

  it('continues where the user was after SIGTERM between messages and during a turn', {
    timeout: 180_000,
  }, async () => {
    let service = await start();
    await send(service, 'xin chao');
    expect((await send(service, '6')).texts).toEqual(['Chọn ngôn ngữ / Choose a language:']);
    const code = await service.stop();
    if (code !== 0) console.log(service.output().slice(-3000));
    expect(code).toBe(0);
    expect(service.output()).toContain('stopped');

    service = await start();
    expect((await send(service, 'english')).texts).toEqual(['Language set to English.', 'What do you need?']);

    // SIGTERM while a turn is in flight: the request still gets its answer, then the process exits cleanly.
    const inFlight = send(service, '6');
    setTimeout(() => service.process.kill('SIGTERM'), 5);
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.texts).toEqual(['Choose a language / Chọn ngôn ngữ:']);
    expect(await service.stop()).toBe(0);

    service = await start();
    expect((await send(service, 'tieng viet')).texts).toEqual(['Đã chuyển sang tiếng Việt.', 'Bạn cần gì?']);
    expect(await service.stop()).toBe(0);
  });
});

// Redis gone (stopped, unreachable) when the service is told to stop: BullMQ's close waits for a reconnection that
// never comes. The stop leaves those parts behind after STOP_GRACE_S and still closes the database, so the process
// exits and the embedded PostgreSQL keeps what it was told.
describe('stopping while Redis is gone', () => {
  let dataDir: string;
  let running: ChildService | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'epi-redis-gone-'));
  });
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  const startWithRedis = async () => {
    const redis = await startPrivateRedis({
      dataDir: join(dataDir, `redis-${Date.now()}`),
      logger: pino({ level: 'silent' }),
      searchPath: loadConfig().PATH,
    });
    running = await startChildService({ DATA_DIR: dataDir, REDIS_URL: redis.url, STOP_GRACE_S: '2' });
    return { service: running, redis };
  };
  const say = async (service: ChildService, text: string) => {
    const response = await fetch(`${service.url}/channels/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'elder', text }),
    });
    return ((await response.json()) as { replies: { text: string }[] }).replies.map((r) => r.text);
  };

  it('exits on SIGTERM, leaving behind what waits for Redis, and the database keeps the conversation', {
    timeout: 120_000,
  }, async () => {
    const first = await startWithRedis();
    await say(first.service, 'xin chao');
    expect(await say(first.service, '6')).toEqual(['Chọn ngôn ngữ / Choose a language:']);
    await first.redis.stop();
    const code = await first.service.stop();
    if (code !== 0) console.log(first.service.output().slice(-3000));
    expect(code).toBe(0);
    expect(first.service.output()).toContain('left behind');
    expect(first.service.output()).toContain('"msg":"stopped"');

    const second = await startWithRedis();
    expect(await say(second.service, 'english')).toEqual(['Language set to English.', 'What do you need?']);
    expect(await second.service.stop()).toBe(0);
    await second.redis.stop();
  });
});
