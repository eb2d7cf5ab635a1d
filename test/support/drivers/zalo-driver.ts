import { deliverEvent, FakeZalo } from '../../peers/fake-zalo.js';
import type { ChannelDriver } from './driver.js';

const APP_ID = '555000111';
const APP_SECRET = 'conformance-app-secret';
const OA_SECRET = 'conformance-oa-secret';

export async function zaloDriver(): Promise<ChannelDriver> {
  const fake = await FakeZalo.start({ appId: APP_ID, appSecret: APP_SECRET });
  let webhook = '';
  let clock = 1_795_000_000_000;
  const event = (user: string, text: string, id: string) => ({
    app_id: APP_ID,
    sender: { id: user },
    recipient: { id: 'oa' },
    event_name: 'user_send_text',
    message: { text, msg_id: id },
    timestamp: String(clock++),
  });
  return {
    channel: 'zalo',
    env: fake.serviceEnv(OA_SECRET),
    attach: (url) => {
      webhook = `${url}/webhooks/zalo`;
    },
    userId: (n) => `zalo-user-${n}`,
    send: async (user, text, id) => (await deliverEvent(webhook, event(user, text, id), APP_ID, OA_SECRET)).status,
    sendForged: async (user, text, id) => (await deliverEvent(webhook, event(user, text, id), APP_ID, 'forged')).status,
    received: (user) =>
      fake.sent
        .filter((sent) => sent.userId === user)
        .map((sent) => String((sent.message as { text?: string }).text ?? '')),
    close: () => fake.close(),
  };
}
