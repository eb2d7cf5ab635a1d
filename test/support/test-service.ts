import { type RunningService, type ServiceOptions, startService } from '../../bots/service.js';
import { parseConfig } from '../../core/config/env.js';
import { createPostgresTestDatabase, type TestDatabase } from './test-database.js';
import { testQueuePrefix, testRedisUrl } from './test-redis.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that assertions inspect.
type Json = any;

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
/** 32 bytes in base64: the service needs an ID number key with a PostgreSQL URL. */
export const TEST_NATIONAL_ID_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestService {
  service: RunningService;
  database: TestDatabase;
  /** POSTs JSON (or a raw string) and returns status and parsed body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Json; text: string }>;
  stop(): Promise<void>;
}

/**
 * A test service's configuration on this database, with its own Redis prefix (each call a new one: pass the result
 * to two services for a process restarted on the same queues).
 */
export function testServiceConfig(database: TestDatabase, env: Record<string, string> = {}) {
  return parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: testQueuePrefix(),
    LOG_LEVEL: 'silent',
    ADMIN_API_TOKEN: TEST_ADMIN_TOKEN,
    NATIONAL_ID_KEY: TEST_NATIONAL_ID_KEY,
    ...env,
  });
}

/** The real service on a fresh PostgreSQL database and its own Redis prefix, listening on a free port. */
export async function startTestService(
  env: Record<string, string> = {},
  options: ServiceOptions = {},
): Promise<TestService> {
  const database = await createPostgresTestDatabase();
  const service = await startService(testServiceConfig(database, env), options);
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as Json, text };
  };
  return {
    service,
    database,
    post: (path, body, headers) => request('POST', path, body, headers),
    get: (path, headers) => request('GET', path, undefined, headers),
    async stop() {
      await service.close();
      await database.drop();
    },
  };
}
