import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, people } from '../core/db/schema.js';
import { deliverEvent, FakeZalo } from './peers/fake-zalo.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const APP_ID = '1234567890';
const APP_SECRET = 'zalo-app-secret';
const OA_SECRET = 'zalo-oa-secret-key';

// The Zalo OA channel end to end: signed webhook → turn → consultation message at a local Zalo OA API.
describe('Zalo Official Account channel', () => {
  let fake: FakeZalo;
  let app: TestService;
  let webhook: string;
  let sequence = 0;

  beforeAll(async () => {
    fake = await FakeZalo.start({ appId: APP_ID, appSecret: APP_SECRET });
    app = await startTestService(fake.serviceEnv(OA_SECRET));
    webhook = `${app.service.url}/webhooks/zalo`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  const event = (userId: string, eventName: string, extra: object = {}) => ({
    app_id: APP_ID,
    sender: { id: userId },
    recipient: { id: 'oa-1' },
    user_id_by_app: `app-${userId}`,
    event_name: eventName,
    timestamp: String(1_795_000_000_000 + sequence++),
    ...extra,
  });
  const textEvent = (userId: string, text: string, msgId = `msg-${sequence}`) =>
    event(userId, 'user_send_text', { message: { text, msg_id: msgId } });
  const sentTo = (userId: string) => fake.sent.filter((s) => s.userId === userId).map((s) => JSON.stringify(s.message));

  it('answers a Zalo user in Vietnamese: numbered lines past five choices, buttons below', async () => {
    const posted = await deliverEvent(webhook, textEvent('zu-1', 'xin chào'), APP_ID, OA_SECRET);
    expect(posted.status).toBe(200);
    const sent = await waitFor('greeting and menu', () => sentTo('zu-1').length >= 2 && sentTo('zu-1'));
    expect(sent[0]).toContain('Xin chào!');
    expect(sent[1]).toContain('Bạn cần gì?');
    expect(sent[1]).toContain('1. Khai báo y tế');
    await deliverEvent(webhook, textEvent('zu-1', '6'), APP_ID, OA_SECRET);
    const language = await waitFor('language question', () => sentTo('zu-1')[2]);
    expect(language).toContain('oa.query.show');
    expect(language).toContain('English');
    await deliverEvent(webhook, textEvent('zu-1', 'Tiếng Việt'), APP_ID, OA_SECRET);
    await waitFor('language set', () => sentTo('zu-1').length >= 5);
  });

  it('links the phone a user shares and opts out on unfollow', async () => {
    const info = event('zu-3', 'user_submit_info', { info: { name: 'Lan', phone: '0912345699' } });
    expect((await deliverEvent(webhook, info, APP_ID, OA_SECRET)).status).toBe(200);
    const [row] = await app.database.handle.db
      .select({ phone: people.phone })
      .from(channelIdentities)
      .innerJoin(people, eq(people.id, channelIdentities.personId))
      .where(eq(channelIdentities.externalId, 'zu-3'));
    expect(row?.phone).toBe('+84912345699');

    await deliverEvent(webhook, event('zu-3', 'unfollow', { follower: { id: 'zu-3' } }), APP_ID, OA_SECRET);
    const [identity] = await app.database.handle.db
      .select()
      .from(channelIdentities)
      .where(eq(channelIdentities.externalId, 'zu-3'));
    expect(identity?.optedOut).toBe(true);
  });
});
