import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCheckinPartitions, listCheckinPartitions } from '../core/db/checkin-partitions.js';
import { addDays, vietnamDate } from '../core/domain/vietnam-date.js';
import {
  CHECKIN_SCHEDULES_QUEUE,
  maintainCheckinPartitions,
  promptVenueSelfChecks,
} from '../workers/checkin-schedules.js';
import { createQueues, type QueueSet } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

// The safety map's conversations over SMS (an elderly citizen's phone): ward risk level, the owners' daily
// self-check started by the service, citizens' reports; and the check-in domain's timed jobs.
describe('safety map over SMS', () => {
  let sms: ChannelDriver;
  let app: TestService;
  let connection: Redis;
  let queues: QueueSet;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    sms = await smppDriver();
    app = await startTestService({ ...sms.env, QUEUE_PREFIX: prefix });
    connection = createRedisConnection(testRedisUrl());
    queues = createQueues(connection, prefix, []);
  });
  afterAll(async () => {
    await queues.close();
    await connection.quit();
    await app.stop();
    await sms.close();
  });

  // The first `expected` texts: when a reply ends a conversation the menu follows it, and may already be in
  // by the time the wait sees the reply, so the last text received is not necessarily the reply awaited.
  const say = async (user: string, text: string, expected: number) => {
    await sms.send(user, text, '');
    return waitFor(
      `${expected} SMS to ${user}`,
      () => sms.received(user).length >= expected && sms.received(user).slice(0, expected),
    );
  };
  const setRisk = async (ward: string, level: number) =>
    fetch(`${app.service.url}/api/v1/wards/${ward}/risk`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ level, setBy: 'ubnd' }),
    });
  const venue = async (name: string, ownerPhone?: string) =>
    (
      await app.post(
        '/api/v1/venues',
        { name, category: 'shop', address: '2 Phan Trung', wardCode: '25993', ...(ownerPhone ? { ownerPhone } : {}) },
        auth,
      )
    ).body.venue as { id: string; code: string };
  const map = async () => (await app.get('/public/map')).body;

  it("tells the level of the citizen's ward, asking the ward only the first time", async () => {
    expect((await setRisk('25993', 3)).status).toBe(200);
    const user = sms.userId(10);
    const [ask] = await say(user, 'mnc', 1);
    expect(ask).toMatch(/^Ban o phuong\/xa nao\?/);
    const [, offer] = await say(user, 'trang dai', 2);
    expect(offer).toContain('1. Phuong Trang Dai (Bien Hoa)');
    // The ward picker's answer ends the conversation, so the main menu follows (greeting and question).
    const [, , level] = await say(user, '1', 5);
    expect(level).toBe('Phuong Trang Dai dang o cap 3 (cam): nguy co cao, chi ra ngoai khi can thiet.');
    const replies = await say(user, 'MNC', 6);
    expect(replies.at(-1)).toBe(level);
  });

  it("starts each owner's self-check in the morning, and the map shows the answers", async () => {
    const owner = sms.userId(11);
    const place = await venue('Tap Hoa Hai', `0${owner.slice(3)}`);
    const deps = { db: app.database.handle.db, queues, defaultLocale: 'vi' as const };
    expect(await promptVenueSelfChecks(deps, new Date())).toBe(1);
    const [question] = await waitFor('the self-check', () => sms.received(owner).length >= 1 && sms.received(owner));
    expect(question).toBe(`Tu kiem tra an toan hom nay. Chon dia diem:\n1. Tap Hoa Hai (${place.code})`);
    await say(owner, '1', 2);
    await say(owner, 'co', 3);
    await say(owner, 'c', 4);
    await say(owner, 'khong', 5);
    const replies = await say(owner, '1', 6);
    expect(replies.at(-1)).toBe('Da ghi nhan tu kiem tra hom nay. Cam on ban!');
    const published = await map();
    expect(published.wards).toContainEqual(
      expect.objectContaining({ wardCode: '25993', name: 'Phường Trảng Dài', level: 3 }),
    );
    const shown = published.venues.find((row: { code: string }) => row.code === place.code);
    expect(shown.selfCheck).toEqual({
      date: vietnamDate(new Date()),
      masks: true,
      distancing: true,
      disinfection: false,
      qrDisplayed: true,
    });
    // Answered today: tomorrow morning's job would ask again, today's does not.
    expect(await promptVenueSelfChecks(deps, new Date())).toBe(0);
  });

  it('tells someone who owns no venue that the self-check is not for them', async () => {
    const user = sms.userId(12);
    const [reply] = await say(user, 'tu kiem tra', 1);
    expect(reply).toMatch(/^So dien thoai nay chua duoc dang ky la chu dia diem nao/);
  });

  it('files reports by "PA <code> <text>" and step by step; the map shows only their count', async () => {
    const place = await venue('Quan Nuoc Mia');
    const user = sms.userId(13);
    const [saved] = await say(user, `PA ${place.code} dong nguoi, khong deo khau trang`, 1);
    expect(saved).toBe('Cam on ban, phan anh ve Quan Nuoc Mia da duoc chuyen toi co quan chuc nang.');
    const [, askCode] = await say(user, 'phan anh', 2);
    expect(askCode).toMatch(/^Vui long go ma 6 so/);
    const [, , askText] = await say(user, place.code, 3);
    expect(askText).toBe('Ban muon phan anh dieu gi ve dia diem nay?');
    // Answered step by step, the report ends the conversation and the main menu follows (greeting and question).
    const afterSteps = await say(user, 'khong co ma QR', 6);
    expect(afterSteps[3]).toBe(saved);
    const unknown = place.code === '100000' ? '100001' : '100000';
    const refused = await say(user, `PA ${unknown} xyz`, 7);
    expect(refused.at(-1)).toMatch(new RegExp(`^Khong tim thay dia diem co ma ${unknown}`));
    const published = await map();
    expect(published.venues.find((row: { code: string }) => row.code === place.code).reportsLast7Days).toBe(2);
    expect(JSON.stringify(published)).not.toMatch(/dong nguoi|khong co ma QR|84987654/);
  });

  it('schedules retention and the self-check in Vietnam time, and retention drops days past the period', async () => {
    const queue = new Queue(CHECKIN_SCHEDULES_QUEUE, { connection, prefix });
    const schedulers = await queue.getJobSchedulers();
    await queue.close();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([
      ['retention', '15 0 * * *', 'Asia/Ho_Chi_Minh'],
      ['self-check', '0 8 * * *', 'Asia/Ho_Chi_Minh'],
    ]);
    const db = app.database.handle.db;
    const today = vietnamDate(new Date());
    await ensureCheckinPartitions(db, addDays(today, -30), 3);
    const dropped = await maintainCheckinPartitions(db, new Date(), 21);
    expect(dropped).toEqual([addDays(today, -30), addDays(today, -29), addDays(today, -28)]);
    const left = await listCheckinPartitions(db);
    expect(left[0]).toBe(addDays(today, -1));
    expect(left.at(-1)).toBe(addDays(today, 7));
  });

  it('lets an owner register a venue by SMS; its code works once staff confirm it', async () => {
    const owner = sms.userId(14);
    await say(owner, 'DKDD', 1);
    await say(owner, 'Tiem Banh Mi Ba Lan', 2);
    await say(owner, 'quan an', 3);
    await say(owner, '12 Pham Van Thuan', 4);
    await say(owner, 'trang dai', 5);
    const replies = await say(owner, '1', 6);
    const code = /ma dia diem (\d{6})/i.exec(replies.at(-1) ?? '')?.[1];
    expect(replies.at(-1)).toMatch(/^Da nhan dang ky Tiem Banh Mi Ba Lan\. Ma dia diem \d{6} se dung duoc/);
    const listed = (await app.get('/api/v1/venues?limit=500', auth)).body.venues as {
      id: string;
      code: string;
      status: string;
      category: string;
      wardCode: string;
      ownerPhone: string;
    }[];
    const registered = listed.find((row) => row.code === code);
    expect(registered).toMatchObject({
      status: 'pending',
      category: 'restaurant',
      wardCode: '25993',
      ownerPhone: owner,
    });
    const visitor = sms.userId(15);
    const [refused] = await say(visitor, `CI ${code}`, 1);
    expect(refused).toBe('Dia diem Tiem Banh Mi Ba Lan chua duoc phuong/xa xac nhan, chua nhan check-in.');
    expect((await app.post(`/api/v1/venues/${registered?.id}/confirm`, {}, auth)).status).toBe(200);
    const [, receipt] = await say(visitor, `CI ${code}`, 2);
    expect(receipt).toMatch(/^Da check-in: Tiem Banh Mi Ba Lan/);
  });
});
