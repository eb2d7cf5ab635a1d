import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

let app: TestService;
beforeAll(async () => {
  app = await startTestService();
});
afterAll(async () => {
  await app.stop();
});

describe('health, readiness and metrics', () => {
  it('is alive and ready', async () => {
    expect((await app.get('/healthz')).status).toBe(200);
    const ready = await app.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: true, migrations: true, redis: true });
  });

  it('exposes Prometheus metrics with message counters, request latency and queue depths', async () => {
    await app.post('/channels/web/messages', { userId: 'metrics', text: 'hi' });
    const { status, text } = await app.get('/metrics');
    expect(status).toBe(200);
    expect(text).toMatch(/messages_total\{channel="web",direction="inbound"\} 1/);
    expect(text).toMatch(/messages_total\{channel="web",direction="outbound"\} 2/);
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toMatch(/queue_jobs\{queue="inbound",state="waiting"\} \d+/);
  });

  it('is not ready when the newest migration is missing', async () => {
    const db = app.database.handle.db;
    await db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at - 1`);
    const { status, body } = await app.get('/readyz');
    expect(status).toBe(503);
    expect(body.migrations).toBe(false);
    await db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at + 1`);
    expect((await app.get('/readyz')).status).toBe(200);
  });
});

describe('staff API', () => {
  it('refuses a missing, malformed or wrong token', async () => {
    const path = '/api/v1/people/00000000-0000-4000-8000-000000000000';
    expect((await app.get(path)).status).toBe(401);
    expect((await app.get(path, { authorization: TEST_ADMIN_TOKEN })).status).toBe(401);
    expect((await app.get(path, { authorization: `Bearer ${TEST_ADMIN_TOKEN}x` })).status).toBe(401);
  });

  it('shows a person and their conversation to a holder of the admin token', async () => {
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    await app.post('/channels/web/messages', { userId: 'citizen', text: 'xin chao' });
    const { rows } = (await app.database.handle.db.execute(
      sql`select person_id from channel_identities where external_id = 'citizen'`,
    )) as unknown as { rows: { person_id: string }[] };
    const personId = rows[0]?.person_id;
    const person = await app.get(`/api/v1/people/${personId}`, auth);
    expect(person.status).toBe(200);
    expect(person.body.identities[0].channel).toBe('web');
    const history = await app.get(`/api/v1/people/${personId}/messages?limit=10`, auth);
    expect(history.body.messages.map((m: { direction: string }) => m.direction)).toContain('inbound');
    expect((await app.get('/api/v1/people/not-a-uuid', auth)).status).toBe(400);
    expect((await app.get('/api/v1/people/00000000-0000-4000-8000-000000000000', auth)).status).toBe(404);
    expect((await app.get(`/api/v1/people/${personId}/messages?limit=9999`, auth)).status).toBe(400);
  });
});

describe('documentation and chat page', () => {
  it('serves the OpenAPI document', async () => {
    const { status, body } = await app.get('/docs/json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/channels/web/messages', '/api/v1/people/{id}', '/api/v1/people/{id}/messages']),
    );
  });

  it('serves a self-contained chat page in both languages', async () => {
    const vi = await app.get('/chat');
    expect(vi.status).toBe(200);
    expect(vi.text).toContain('Thử trò chuyện');
    expect(vi.text).not.toMatch(/<(script|link)[^>]+(src|href)=/);
    expect((await app.get('/chat?lang=en')).text).toContain('Try the chat');
    expect((await app.get('/chat?lang=fr')).status).toBe(400);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const { status, body } = await app.get('/nope');
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
  });
});
