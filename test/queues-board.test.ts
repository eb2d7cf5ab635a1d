import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionOf } from '../bots/http/queues-board.js';
import { listAudit } from '../core/db/audit-repository.js';
import { ADMIN_BEARER, type StaffSession, signedInStaff } from './support/staff-sessions.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';
import { startTestService, type TestService } from './support/test-service.js';

// bull-board at /console/queues: admins only, and every change made from it is in the audit log.
describe('queues board', () => {
  const prefix = testQueuePrefix();
  let app: TestService;
  let redis: Redis;
  let admin: StaffSession;
  let officer: StaffSession;

  beforeAll(async () => {
    app = await startTestService({ QUEUE_PREFIX: prefix });
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    admin = await signedInStaff(app, { username: 'quan.tri', role: 'admin', areas: [] });
    officer = await signedInStaff(app, { username: 'cb.trangdai', role: 'ward', areas: ['25993'] });
  });
  afterAll(async () => {
    await redis.quit();
    await app.stop();
  });

  const open = (path: string, init: RequestInit = {}) =>
    fetch(`${app.service.url}/console/queues${path}`, { redirect: 'manual', ...init });

  it('sends a stranger to the sign-in page and refuses a ward officer', async () => {
    const anonymous = await open('');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/console/login');
    expect((await open('/api/queues')).status).toBe(302);
    const ward = await open('', { headers: { cookie: officer.cookie } });
    expect(ward.status).toBe(403);
  });

  it("shows an admin the board and the service's queues, by session or by the admin token", async () => {
    const page = await open('', { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // The board's client sends this cookie back as X-XSRF-TOKEN.
    expect(page.headers.get('set-cookie')).toBe(`XSRF-TOKEN=${admin.csrfToken}; SameSite=Strict; Path=/console/queues`);
    const listed = await open('/api/queues', { headers: ADMIN_BEARER });
    expect(listed.status).toBe(200);
    const names = ((await listed.json()) as { queues: { name: string }[] }).queues.map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining(['inbound', 'campaigns', 'monitoring', 'vaccination-reminders']));
  });

  it('audits a pause and a retry made from the board, and wants the CSRF token from a session', async () => {
    const pause = (headers: Record<string, string>) =>
      open('/api/queues/campaigns/pause', { method: 'PUT', headers: { cookie: admin.cookie, ...headers } });
    expect((await pause({})).status).toBe(403);
    expect((await pause({ 'x-xsrf-token': admin.csrfToken })).status).toBe(200);
    const campaigns = new Queue('campaigns', { connection: redis, prefix });
    expect(await campaigns.isPaused()).toBe(true);
    await campaigns.resume();
    await campaigns.close();
    const retry = await open('/api/queues/inbound/retry/failed', { method: 'PUT', headers: ADMIN_BEARER });
    expect(retry.status).toBe(200);
    const audit = await listAudit(app.database.handle.db, { limit: 10 });
    expect(audit.map(({ actor, action, target }) => ({ actor, action, target }))).toEqual(
      expect.arrayContaining([
        { actor: expect.any(String), action: 'queues.pause', target: 'campaigns' },
        { actor: 'admin-token', action: 'queues.retry', target: 'inbound' },
      ]),
    );
    expect(audit.filter((entry) => entry.action.startsWith('queues.'))).toHaveLength(2);
  });

  it.each([
    ['/console/queues/api/queues/:queueName/retry/:queueStatus', 'queues.retry'],
    ['/console/queues/api/queues/:queueName/clean/:queueStatus', 'queues.clean'],
    ['/console/queues/api/queues/:queueName/pause', 'queues.pause'],
    [
      '/console/queues/api/queues/:queueName/:jobId/remove-unprocessed-children',
      'queues.job.remove-unprocessed-children',
    ],
    ['/console/queues/api/queues/pause', 'queues.pause'],
  ])('names the action of %s %s', (route, action) => {
    expect(actionOf(route)).toBe(action);
  });
});
