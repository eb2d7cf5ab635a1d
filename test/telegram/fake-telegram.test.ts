import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../peers/fake-telegram.js';

const TOKEN = '111:fake-peer-token';
let fake: FakeTelegram;

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
});
afterAll(async () => {
  await fake.close();
});

const post = async (path: string, body: string, contentType: string) => {
  const response = await fetch(`${fake.apiRoot}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

// The sender tests exercise JSON and multipart through telegraf; these cover what telegraf never sends.
describe('fake Telegram Bot API', () => {
  it('refuses an unknown token like Telegram', async () => {
    expect(await post('/bot111:other/getMe', '{}', 'application/json')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
  });

  it('reads form-encoded parameters, structured ones as JSON', async () => {
    const form = new URLSearchParams({ chat_id: '7', text: 'chào', reply_markup: '{"remove_keyboard":true}' });
    const { status, body } = await post(
      `/bot${TOKEN}/sendMessage`,
      form.toString(),
      'application/x-www-form-urlencoded',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, result: { chat: { id: 7 }, text: 'chào' } });
    expect(fake.calls.at(-1)).toEqual({
      method: 'sendMessage',
      body: { chat_id: '7', text: 'chào', reply_markup: { remove_keyboard: true } },
      files: [],
    });
  });

  it('refuses a body that is not JSON as a bad request', async () => {
    expect(await post(`/bot${TOKEN}/getMe`, '{nope', 'application/json')).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: "Bad Request: can't parse JSON object" },
    });
  });

  it('answers an unknown method with 404 and validates like the Bot API', async () => {
    expect((await post(`/bot${TOKEN}/sendTelepathy`, '{}', 'application/json')).status).toBe(404);
    expect((await post(`/bot${TOKEN}/toString`, '{}', 'application/json')).status).toBe(404);
    expect(await post(`/bot${TOKEN}/sendMessage`, '{"chat_id":7,"text":""}', 'application/json')).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' },
    });
  });
});
