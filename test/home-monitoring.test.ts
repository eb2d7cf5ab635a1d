import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChecks } from '../core/db/monitoring-repository.js';
import { monitoringCases } from '../core/db/schema.js';
import { countSmsSegments } from '../core/text/sms-segments.js';
import { DAILY_SCHEDULER_ID, MONITORING_QUEUE } from '../workers/monitoring-schedule.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { testQueuePrefix, testRedisUrl } from './support/test-redis.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const SMPP = { systemId: 'soyte', password: 'monitoring' };
const WARD = '25993';
const NURSE = '+84987100009';
const vietnam8am = (day: string) => new Date(`${day}T08:00:00+07:00`);

// Daily home monitoring end to end over SMS, with the service clock moved day by day and the daily tick run by
// hand on the real scheduler queue (its cron is asserted separately).
describe('home monitoring over SMS', () => {
  let smsc: SmscSimulator;
  let app: TestService;
  let redis: Redis;
  let queue: Queue;
  let clock = vietnam8am('2026-11-22');
  const prefix = testQueuePrefix();
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const to = (phone: string) =>
    smsc.submitted.filter((pdu) => `+${pdu.destination.replace(/^\+/, '')}` === phone).map((pdu) => pdu.text);
  const mo = (phone: string, text: string) => smsc.injectMo(phone.slice(1), '8088', text);
  const nthReply = (phone: string, n: number) => waitFor(`SMS ${n} to ${phone}`, () => to(phone)[n - 1]);
  const cases: Record<string, string> = {};

  const monitor = async (phone: string, endDate: string) => {
    const { status, body } = await app.post(
      '/api/v1/monitoring',
      { phone, kind: 'F0', wardCode: WARD, endDate, createdBy: 'bs.lan' },
      auth,
    );
    expect(status).toBe(201);
    cases[phone] = body.case.id;
  };
  const runDaily = async (day: string) => {
    clock = vietnam8am(day);
    const job = await queue.add('daily', {});
    await waitFor(`daily run of ${day}`, async () => (await job.isCompleted()) || undefined);
  };

  beforeAll(async () => {
    smsc = await startSmscSimulator({ ...SMPP, receiptDelayMs: 20 });
    app = await startTestService(
      {
        SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=50&prefixes=86,96-98,32-39&source=SOYTE`,
        QUEUE_PREFIX: prefix,
        MONITORING_CHECK_HOUR: '8',
        MONITORING_REMINDER_AFTER_MS: '3000',
        MONITORING_ESCALATE_AFTER_MS: '5000',
      },
      { now: () => clock },
    );
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    queue = new Queue(MONITORING_QUEUE, { connection: redis, prefix });
    expect(
      (await app.post('/api/v1/ward-staff', { wardCode: WARD, name: 'Y tá Hoa', phone: NURSE }, auth)).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await queue.close();
    await redis.quit();
    await app.stop();
    await smsc.close();
  });

  it('registers the daily check as a job scheduler at the configured hour in Vietnam time', async () => {
    const scheduler = await queue.getJobScheduler(DAILY_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 0 8 * * *', tz: 'Asia/Ho_Chi_Minh' });
  });

  it('asks every morning, re-asks odd readings, stores them and escalates SpO2 93 to the ward staff', async () => {
    const patient = '+84987100001';
    await monitor(patient, '2026-11-25');
    await runDaily('2026-11-22');
    await nthReply(patient, 2);
    expect(to(patient)[0]).toContain('Theo doi suc khoe hang ngay');
    expect(to(patient)[1]).toBe('Nhiet do co the hom nay (do C)? Vi du 37.5');
    await mo(patient, '25');
    expect(await nthReply(patient, 3)).toMatch(/^Vui long tra loi bang mot so tu 34 den 43\./);
    await mo(patient, '37,8');
    await nthReply(patient, 4);
    await mo(patient, 'abc');
    expect(await nthReply(patient, 5)).toMatch(/^Vui long tra loi bang mot so tu 50 den 100\. Chi so SpO2/);
    await mo(patient, '93');
    await nthReply(patient, 6);
    await mo(patient, 'khong');
    await nthReply(patient, 7);
    await mo(patient, '2');
    await nthReply(patient, 8);
    await mo(patient, 'ko');
    expect(await nthReply(patient, 9)).toContain('CANH BAO');
    const alert = await waitFor('staff alert', () => to(NURSE).find((text) => text.includes('CAP CUU')));
    expect(alert).toContain('+84987100001');
    expect(alert).toContain('22/11 37.8C SpO2 93%');
    const [check] = await listChecks(app.database.handle.db, cases[patient] ?? '');
    expect(check).toMatchObject({
      checkDate: '2026-11-22',
      temperature: 37.8,
      spo2: 93,
      breathingDifficulty: false,
      chestPain: false,
      alertLevel: 'emergency',
      alertReasons: ['spo2Low'],
    });
    for (const text of to(patient)) expect(countSmsSegments(text).encoding).toBe('gsm7');
  });

  it('reminds once after the reminder delay and escalates a missed day to the staff', async () => {
    const silent = '+84987100002';
    await monitor(silent, '2026-11-25');
    await runDaily('2026-11-22');
    await nthReply(silent, 2);
    expect(await nthReply(silent, 3)).toContain('Nhac lai');
    const missed = await waitFor('missed-check notice', () => to(NURSE).find((text) => text.includes('+84987100002')));
    expect(missed).toContain('22/11/2026');
    const [check] = await listChecks(app.database.handle.db, cases[silent] ?? '');
    expect(check?.remindedAt).toBeInstanceOf(Date);
    expect(check?.missedAt).toBeInstanceOf(Date);
    // The patient who answered got neither a reminder nor a missed-day notice.
    expect(to('+84987100001').some((text) => text.includes('Nhac lai'))).toBe(false);
    expect(to(NURSE).filter((text) => text.includes('+84987100001'))).toHaveLength(1);
  });

  it('takes the one-message check "SK 37.5 97" the next day', async () => {
    const patient = '+84987100001';
    const before = to(patient).length;
    await runDaily('2026-11-23');
    await nthReply(patient, before + 2);
    await mo(patient, 'SK 37.5 97');
    expect(await nthReply(patient, before + 3)).toContain('Da ghi nhan');
    const checks = await listChecks(app.database.handle.db, cases[patient] ?? '');
    expect(checks.map((c) => [c.checkDate, c.temperature, c.spo2, c.alertLevel])).toEqual([
      ['2026-11-22', 37.8, 93, 'emergency'],
      ['2026-11-23', 37.5, 97, 'none'],
    ]);
  });

  it('sends the closing message on the end date, and when staff end a case early', async () => {
    const early = '+84987100003';
    await monitor(early, '2026-11-30');
    const ended = await app.post(`/api/v1/monitoring/${cases[early]}/end`, { endedBy: 'bs.lan' }, auth);
    expect(ended.status).toBe(200);
    expect(await nthReply(early, 1)).toContain('da ket thuc');
    expect((await app.post(`/api/v1/monitoring/${cases[early]}/end`, { endedBy: 'bs.lan' }, auth)).status).toBe(409);

    await runDaily('2026-11-25');
    for (const phone of ['+84987100001', '+84987100002']) {
      await waitFor(`closing message to ${phone}`, () => to(phone).some((text) => text.includes('da ket thuc')));
    }
    const rows = await app.database.handle.db
      .select()
      .from(monitoringCases)
      .where(eq(monitoringCases.status, 'active'));
    expect(rows).toEqual([]);
    const answered = to('+84987100001').length;
    await runDaily('2026-11-26');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(to('+84987100001')).toHaveLength(answered);
  });
});
