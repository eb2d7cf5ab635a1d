import { deliverUpdate, startFakeTelegram } from '../../peers/fake-telegram.js';
import type { ChannelDriver } from './driver.js';

const TOKEN = '123456:conformance-token';
const SECRET = 'conformance_secret';

export async function telegramDriver(): Promise<ChannelDriver> {
  const fake = await startFakeTelegram({ token: TOKEN });
  let webhook = '';
  const update = (user: string, text: string, id: string) => ({
    update_id: Number(id),
    message: {
      message_id: Number(id),
      date: 1_795_000_000,
      chat: { id: Number(user), type: 'private' },
      from: { id: Number(user), is_bot: false, first_name: 'Lan' },
      text,
    },
  });
  return {
    channel: 'telegram',
    env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot },
    attach: (url) => {
      webhook = `${url}/webhooks/telegram`;
    },
    userId: (n) => String(7000 + n),
    send: async (user, text, id) => (await deliverUpdate(webhook, update(user, text, id), SECRET)).status,
    sendForged: async (user, text, id) => (await deliverUpdate(webhook, update(user, text, id), 'forged')).status,
    received: (user) =>
      // A photo's caption is what the user reads with it (a QR receipt).
      fake.calls
        .filter((call) => ['sendMessage', 'sendPhoto'].includes(call.method) && String(call.body.chat_id) === user)
        .map((call) => String(call.body.text ?? call.body.caption ?? '')),
    close: () => fake.close(),
  };
}
