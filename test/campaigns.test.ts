import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../core/db/schema.js';
import { deliverEvent, FakeZalo } from './peers/fake-zalo.js';
import { type SmscSimulator, startSmscSimulator } from './peers/smsc/smsc-simulator.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const OA_SECRET = 'campaign-oa-secret';
const SMPP = { systemId: 'soyte', password: 'campaigns' };
const VN_10AM = new Date('2026-11-22T03:00:00Z');
const VN_11PM = new Date('2026-11-22T16:00:00Z');
const VN_7AM_NEXT = new Date('2026-11-23T00:00:00Z');

// The alerts engine end to end: API → fan-out → channel choice → outbound queues → SMSC simulator / Zalo fake.
describe('campaigns', () => {
  let smsc: SmscSimulator;
  let zalo: FakeZalo;
  let app: TestService;
  let clock = VN_10AM;
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    smsc = await startSmscSimulator({ ...SMPP, receiptDelayMs: 20 });
    zalo = await FakeZalo.start({ appId: '42', appSecret: 'app-secret' });
    app = await startTestService(
      {
        ...zalo.serviceEnv(OA_SECRET),
        SMPP_GATEWAYS: `viettel=smpp://${SMPP.systemId}:${SMPP.password}@127.0.0.1:${smsc.port}?tps=20&prefixes=86,96-98,32-39&source=SOYTE`,
        CAMPAIGN_RECHECK_MS: '100',
        // Area alerts have an approved ZNS template; other kinds do not.
        ZALO_ZNS_TEMPLATES: 'area=231234',
      },
      { now: () => clock },
    );
  });
  afterAll(async () => {
    await app.stop();
    await zalo.close();
    await smsc.close();
  });

  const smsTo = (phone: string) => smsc.submitted.filter((pdu) => `+${pdu.destination.replace(/^\+/, '')}` === phone);
  const create = (body: object) =>
    app.post(
      '/api/v1/campaigns',
      {
        kind: 'information',
        title: 't',
        message: { text: { vi: 'Thong bao', en: 'Notice' } },
        createdBy: 'bs.lan',
        ...body,
      },
      auth,
    );
  const phones = (list: string[], params?: (i: number) => object) => ({
    type: 'phones',
    recipients: list.map((phone, i) => ({ phone, ...(params ? { params: params(i) } : {}) })),
  });
  const progress = async (id: string) => (await app.get(`/api/v1/campaigns/${id}`, auth)).body;

  it('sends personalised results, each person their own values, once', async () => {
    const list = ['0987100001', '0987100002', '0987100003'];
    const { status, body } = await create({
      kind: 'results',
      message: { text: { vi: 'Chao {{name}}, ket qua xet nghiem ngay {{date}}: {{result}}' } },
      audience: {
        type: 'csv',
        csv: `phone,name,date,result\n${list.map((p, i) => `${p},Nguoi ${i},2${i}/11,${i % 2 ? 'duong tinh' : 'am tinh'}`).join('\n')}\nabc,X,1/1,am tinh`,
      },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      accepted: 3,
      rejectedCount: 1,
      rejected: [{ row: 4, reason: 'not a Vietnamese mobile number' }],
    });
    await waitFor('three results', () => list.every((p) => smsTo(`+84${p.slice(1)}`).length === 1));
    expect(smsTo('+84987100002')[0]?.text).toBe('Chao Nguoi 1, ket qua xet nghiem ngay 21/11: duong tinh');
    const done = await waitFor('completed', async () => {
      const current = await progress(body.campaign.id);
      return current.campaign.status === 'completed' && current;
    });
    expect(done.progress.total).toBe(3);
    expect(done.progress.byChannel).toEqual({ sms: 3 });
  });

  it('falls through to SMS when Zalo refuses the message', async () => {
    const webhook = `${app.service.url}/webhooks/zalo`;
    const event = { app_id: '42', sender: { id: 'zalo-fb' }, recipient: { id: 'oa' }, event_name: 'user_submit_info' };
    await deliverEvent(
      webhook,
      { ...event, info: { phone: '0987200001' }, timestamp: '1795000000001' },
      '42',
      OA_SECRET,
    );
    zalo.failFor('zalo-fb', { zaloError: -230 });
    const { body } = await create({ kind: 'exposure', audience: phones(['0987200001']) });
    await waitFor('SMS after Zalo failed', () => smsTo('+84987200001').length === 1);
    const [delivery] = await app.database.handle.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.campaignId, body.campaign.id));
    expect(delivery?.triedChannels).toEqual(['zalo', 'sms']);
    expect(delivery?.channel).toBe('sms');
  });

  it('retries a passing failure of one message of a batch alone, without falling through or sending twice', async () => {
    const webhook = `${app.service.url}/webhooks/zalo`;
    const followers = [
      { id: 'zalo-flaky', phone: '0987200011' },
      { id: 'zalo-steady', phone: '0987200012' },
    ];
    for (const [i, follower] of followers.entries()) {
      await deliverEvent(
        webhook,
        {
          app_id: '42',
          sender: { id: follower.id },
          recipient: { id: 'oa' },
          event_name: 'user_submit_info',
          info: { phone: follower.phone },
          timestamp: `179500000011${i}`,
        },
        '42',
        OA_SECRET,
      );
    }
    // Sharing the phone gets each follower a greeting and the menu first; the scripted failure is for the alert.
    const replies = (id: string) => zalo.sent.filter((sent) => sent.userId === id).length;
    await waitFor('greeting and menu', () => followers.every((follower) => replies(follower.id) === 2));
    zalo.failFor('zalo-flaky', { httpStatus: 503 }, 1);
    const { body } = await create({ kind: 'exposure', audience: phones(followers.map((f) => f.phone)) });
    const sendsTo = (id: string) =>
      zalo.requests.filter((request) => {
        const sent = request.body as { recipient?: { user_id?: string }; message?: { text?: string } };
        return sent.recipient?.user_id === id && sent.message?.text === 'Thong bao';
      });
    await waitFor('both sent on Zalo', async () => (await progress(body.campaign.id)).progress?.byStatus?.sent === 2);
    expect(sendsTo('zalo-flaky')).toHaveLength(2);
    expect(sendsTo('zalo-steady')).toHaveLength(1);
    expect(followers.flatMap((f) => smsTo(`+84${f.phone.slice(1)}`))).toEqual([]);
    const rows = await app.database.handle.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.campaignId, body.campaign.id));
    expect(rows.map((row) => row.triedChannels)).toEqual([['zalo'], ['zalo']]);
  });

  it('reaches phones that never followed the OA through ZNS, falling through to SMS when ZNS refuses', async () => {
    zalo.failFor('84979900002', { zaloError: -118 });
    const audience = phones(['0979900001', '0979900002'], () => ({ ward: 'Trảng Dài' }));
    const { body } = await create({
      kind: 'area',
      message: { text: { vi: 'Phường {{ward}} phong tỏa từ 18:00.' } },
      audience,
    });
    await waitFor('SMS after ZNS refused', () => smsTo('+84979900002').length === 1);
    const zns = zalo.requests.filter((request) => request.path === '/message/template');
    const sent = zns.map((request) => request.body as { phone: string; template_id: string; template_data: object });
    expect(sent.filter((request) => request.phone === '84979900001')).toEqual([
      expect.objectContaining({ template_id: '231234', template_data: { ward: 'Trảng Dài' } }),
    ]);
    expect(smsTo('+84979900001')).toEqual([]);
    expect(smsTo('+84979900002')[0]?.text).toBe('Phuong Trang Dai phong toa tu 18:00.');
    const rows = await app.database.handle.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.campaignId, body.campaign.id));
    expect(rows.map((row) => row.triedChannels).sort()).toEqual([['zns'], ['zns', 'sms']]);
  });

  it('skips ZNS for a kind without a template', async () => {
    const before = zalo.requests.filter((request) => request.path === '/message/template').length;
    await create({ kind: 'reminder', urgent: true, audience: phones(['0979900003']) });
    await waitFor('SMS', () => smsTo('+84979900003').length === 1);
    expect(zalo.requests.filter((request) => request.path === '/message/template').length).toBe(before);
  });

  it('skips people who opted out, and says why', async () => {
    await smsc.injectMo('84987300001', '8088', 'HUY');
    await waitFor('opt-out confirmation', () => smsTo('+84987300001').length === 1);
    const { body } = await create({ audience: phones(['0987300001', '0987300002']) });
    await waitFor('the other one', () => smsTo('+84987300002').length === 1);
    const rows = await waitFor('skipped', async () => {
      const all = await app.database.handle.db
        .select()
        .from(deliveries)
        .where(eq(deliveries.campaignId, body.campaign.id));
      return all.some((row) => row.status === 'skipped') && all;
    });
    expect(rows.find((row) => row.status === 'skipped')?.reason).toBe('opted_out');
    expect(smsTo('+84987300001')).toHaveLength(1);
  });

  it('sends nothing before a second official approves', async () => {
    const { body } = await create({ requiresApproval: true, audience: phones(['0987400001']) });
    expect(body.campaign.status).toBe('pending_approval');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smsTo('+84987400001')).toHaveLength(0);
    const self = await app.post(`/api/v1/campaigns/${body.campaign.id}/approve`, { approvedBy: 'bs.lan' }, auth);
    expect(self.status).toBe(409);
    const other = await app.post(`/api/v1/campaigns/${body.campaign.id}/approve`, { approvedBy: 'bs.hung' }, auth);
    expect(other.status).toBe(200);
    await waitFor('approved send', () => smsTo('+84987400001').length === 1);
  });

  it('holds a routine reminder through quiet hours but not an urgent alert', async () => {
    clock = VN_11PM;
    await create({ kind: 'reminder', audience: phones(['0987500001']) });
    await create({ kind: 'exposure', urgent: true, audience: phones(['0987500002']) });
    await waitFor('urgent alert', () => smsTo('+84987500002').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smsTo('+84987500001')).toHaveLength(0);
    clock = VN_7AM_NEXT;
    await waitFor('morning reminder', () => smsTo('+84987500001').length === 1);
    clock = VN_10AM;
  });

  it('pauses within two seconds, resumes, and still sends everyone exactly once', { timeout: 30_000 }, async () => {
    const list = Array.from({ length: 40 }, (_, i) => `09876${String(i).padStart(5, '0')}`);
    const e164 = list.map((p) => `+84${p.slice(1)}`);
    const sent = () => e164.reduce((sum, phone) => sum + smsTo(phone).length, 0);
    const { body } = await create({ audience: phones(list) });
    await waitFor('first sends', () => sent() > 0);
    expect((await app.post(`/api/v1/campaigns/${body.campaign.id}/pause`, {}, auth)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const atPause = sent();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sent()).toBe(atPause);
    expect(atPause).toBeLessThan(40);
    expect((await app.post(`/api/v1/campaigns/${body.campaign.id}/resume`, {}, auth)).status).toBe(200);
    await waitFor('everyone', () => sent() >= 40, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(e164.every((phone) => smsTo(phone).length === 1)).toBe(true);
  });

  it('cancels: what was not sent is skipped', async () => {
    const list = Array.from({ length: 30 }, (_, i) => `09877${String(i).padStart(5, '0')}`);
    const { body } = await create({ audience: phones(list) });
    expect((await app.post(`/api/v1/campaigns/${body.campaign.id}/cancel`, {}, auth)).status).toBe(200);
    const settled = await waitFor('settled', async () => {
      const current = await progress(body.campaign.id);
      const open = (current.progress.byStatus.pending ?? 0) + (current.progress.byStatus.queued ?? 0);
      return open === 0 && current;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled.campaign.status).toBe('cancelled');
    const sent = list.filter((p) => smsTo(`+84${p.slice(1)}`).length > 0).length;
    expect(sent).toBeLessThan(list.length);
    expect(settled.progress.byStatus.sent ?? 0).toBe(sent);
    expect((await app.post(`/api/v1/campaigns/${body.campaign.id}/resume`, {}, auth)).status).toBe(409);
  });

  it('refuses bad requests with a clear 4xx', async () => {
    expect((await create({ audience: phones(['123']) })).status).toBe(400);
    expect((await create({ audience: { type: 'csv', csv: 'name\nLan' } })).body.message).toContain('"phone" column');
    expect((await create({ channelPolicy: ['fax'], audience: phones(['0979900001']) })).status).toBe(400);
    expect((await app.post('/api/v1/campaigns', { kind: 'information' }, {})).status).toBe(401);
    const missing = await create({ message: { text: { vi: 'Chao {{name}}' } }, audience: phones(['0979900001']) });
    expect(missing.body.message).toContain('no value for name');
  });

  it('reports every delivery as CSV with masked phones, and streams progress', async () => {
    const { body } = await create({ audience: phones(['0987800001', '0987800002']) });
    await waitFor('sent', () => smsTo('+84987800002').length === 1 && smsTo('+84987800001').length === 1);
    const report = await app.get(`/api/v1/campaigns/${body.campaign.id}/report.csv`, auth);
    const lines = report.text.trim().split('\n');
    expect(lines[0]).toBe('phone,status,channel,reason,segments,updated_at');
    expect(lines).toHaveLength(3);
    expect(report.text).not.toContain('987800001');
    expect(report.text).toContain('+84******001');

    const response = await fetch(`${app.service.url}/api/v1/campaigns/${body.campaign.id}/events`, { headers: auth });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toMatch(/^event: progress\ndata: \{"status":"(running|completed)","progress":\{"total":2/);
    await reader?.cancel();
  });

  it('stops everything with the kill switch', async () => {
    const list = Array.from({ length: 30 }, (_, i) => `09879${String(i).padStart(5, '0')}`);
    const { body } = await create({ audience: phones(list) });
    const killed = await app.post('/api/v1/campaigns/kill-switch', {}, auth);
    expect(killed.status).toBe(200);
    expect(killed.body.paused).toBeGreaterThanOrEqual(1);
    expect((await progress(body.campaign.id)).campaign.status).toBe('paused');
  });
});
