import { deliverEvent, FakeZalo } from '../../peers/fake-zalo.js';
import type { ChannelDriver } from './driver.js';

const APP_ID = '555000111';
const APP_SECRET = 'conformance-app-secret';
const OA_SECRET = 'conformance-oa-secret';

export async function zaloDriver(): Promise<ChannelDriver> {
  const fake = await FakeZalo.start({ appId: APP_ID, appSecret: APP_SECRET });
  const tokens = fake.issueTokens();
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
    env: {
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: APP_SECRET,
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_ACCESS_TOKEN: tokens.accessToken,
      ZALO_REFRESH_TOKEN: tokens.refreshToken,
      ZALO_API_BASE: fake.baseUrl,
      ZALO_OAUTH_BASE: fake.baseUrl,
      ZALO_ZNS_BASE: fake.baseUrl,
    },
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
