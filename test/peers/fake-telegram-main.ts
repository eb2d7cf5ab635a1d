import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { deliverUpdate, type FakeTelegramCall, startFakeTelegram } from './fake-telegram.js';

// Demo without Telegram:
//   node --import tsx test/peers/fake-telegram-main.ts --token 123456:demo-token --port 8081
// then run the service and `npm run telegram:set-webhook` with TELEGRAM_API_ROOT=http://127.0.0.1:8081 and the same
// TELEGRAM_BOT_TOKEN. Bot messages are printed; type lines to speak as a user:
//   42 xin chào                a text message from chat 42
//   42 /start qr_ward7         a deep link
//   42 !tap Có                 a tap on an inline button labelled "Có"
//   42 !contact 0912345678     chat 42 shares their own phone number
//   42 !block                  chat 42 blocks the bot

const { values } = parseArgs({
  options: {
    token: { type: 'string', default: '123456:demo-token' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8081' },
  },
});

const fake = await startFakeTelegram({
  token: values.token,
  host: values.host,
  port: Number(values.port),
  onCall: print,
});
process.stdout.write(`fake Telegram Bot API at ${fake.apiRoot} (token ${values.token})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void fake.close().then(() => process.exit(0)));
}

const bot = { id: Number(values.token.split(':')[0]), is_bot: true, first_name: 'Bot' };
let updateId = Math.floor(Date.now() / 1000);

function print(call: FakeTelegramCall): void {
  const { chat_id: chatId, text, caption, url, reply_markup: markup } = call.body;
  const summary = [text ?? caption ?? url, ...call.files.map((file) => `[${file.field}: ${file.bytes} bytes]`)]
    .filter(Boolean)
    .join(' ');
  const keyboard = markup as { inline_keyboard?: { text: string }[][]; keyboard?: { text: string }[][] } | undefined;
  const labels = [...(keyboard?.inline_keyboard ?? []), ...(keyboard?.keyboard ?? [])]
    .flat()
    .map((button) => button.text);
  const buttons = labels.length > 0 ? `\n   buttons: ${labels.join(' | ')}` : '';
  process.stdout.write(`← ${call.method}${chatId === undefined ? '' : ` to ${chatId}`}: ${summary}${buttons}\n`);
}

function updateFrom(chatId: number, line: string): object {
  updateId += 1;
  const date = Math.floor(Date.now() / 1000);
  const chat = { id: chatId, type: 'private', first_name: 'Demo' };
  const from = { id: chatId, is_bot: false, first_name: 'Demo' };
  const message = { message_id: updateId, date, chat, from };
  const [command, ...rest] = line.split(' ');
  const argument = rest.join(' ');
  switch (command) {
    case '!tap':
      return {
        update_id: updateId,
        // The tapped button sits under a message the bot sent.
        callback_query: {
          id: String(updateId),
          from,
          chat_instance: '1',
          data: argument,
          message: { ...message, from: bot },
        },
      };
    case '!contact':
      return {
        update_id: updateId,
        message: { ...message, contact: { phone_number: argument, first_name: 'Demo', user_id: chatId } },
      };
    case '!block':
      return {
        update_id: updateId,
        my_chat_member: {
          chat,
          from,
          date,
          old_chat_member: { user: bot, status: 'member' },
          new_chat_member: { user: bot, status: 'kicked', until_date: 0 },
        },
      };
    default:
      return { update_id: updateId, message: { ...message, text: line } };
  }
}

// When stdin ends (run in the background) the server keeps serving until a signal.
for await (const line of createInterface({ input: process.stdin })) {
  const parsed = /^\s*(\d+)\s+(.+)$/.exec(line);
  const webhook = fake.webhook();
  if (!parsed?.[1] || !parsed[2]) {
    process.stdout.write('type: <chat id> <text | !tap label | !contact phone | !block>\n');
  } else if (!webhook) {
    process.stdout.write('no webhook registered yet: run `npm run telegram:set-webhook` against this fake\n');
  } else {
    const result = await deliverUpdate(webhook.url, updateFrom(Number(parsed[1]), parsed[2]), webhook.secret).catch(
      (error: unknown) => ({ status: 0, body: String(error) }),
    );
    process.stdout.write(`→ ${webhook.url}: ${result.status || result.body}\n`);
  }
}
