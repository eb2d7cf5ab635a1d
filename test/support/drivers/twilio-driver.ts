import { FakeTwilio } from '../../peers/fake-twilio.js';
import { freePort } from '../free-port.js';
import type { ChannelDriver } from './driver.js';

const SID = `AC${'2'.repeat(32)}`;
const TOKEN = 'conformance-twilio-token';
const OUR_NUMBER = '+15005550006';

export async function twilioDriver(): Promise<ChannelDriver> {
  const fake = await FakeTwilio.start(SID, TOKEN);
  // Twilio signs the public URL, so the service's port must be known before it starts.
  const port = await freePort();
  const webhook = `http://127.0.0.1:${port}/webhooks/twilio`;
  const fields = (user: string, text: string, id: string) => ({
    From: user,
    To: OUR_NUMBER,
    Body: text,
    MessageSid: `SM${id.padStart(32, '0')}`,
  });
  return {
    channel: 'sms',
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_API_BASE: fake.baseUrl,
    },
    attach: () => undefined,
    userId: (n) => `+8491234${String(5000 + n)}`,
    send: async (user, text, id) => (await fake.postInbound(webhook, fields(user, text, id))).status,
    sendForged: async (user, text, id) =>
      (await fake.postInbound(webhook, fields(user, text, id), { signature: 'Zm9yZ2Vk' })).status,
    received: (user) => fake.requests.filter((r) => r.form.To === user).map((r) => r.form.Body ?? ''),
    close: () => fake.close(),
  };
}
