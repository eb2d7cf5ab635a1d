import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../core/db/schema.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

let app: TestService;
beforeAll(async () => {
  app = await startTestService();
});
afterAll(async () => {
  await app.stop();
});

const send = (userId: string, text: string, extra: Record<string, unknown> = {}) =>
  app.post('/channels/web/messages', { userId, text, ...extra });
const texts = (body: { replies: { text: string }[] }) => body.replies.map((reply) => reply.text);

describe('web channel conversation', () => {
  it('greets in Vietnamese and shows the main menu with choices', async () => {
    const { status, body } = await send('walker', 'xin chào');
    expect(status).toBe(200);
    expect(body.replies[0].text).toContain('Xin chào');
    expect(body.replies[1].text).toBe('Bạn cần gì?');
    expect(body.replies[1].choices.map((c: { value: string }) => c.value)).toEqual([
      'declaration',
      'vaccination',
      'relief',
      'checkin',
      'risk',
      'language',
      'handover',
    ]);
  });

  it('opens a menu item by its words: check-in asks for the venue code, and "0" comes back', async () => {
    const { body } = await send('walker', 'check in');
    expect(texts(body)).toEqual(['Vui lòng gõ mã 6 số in trên áp phích QR của địa điểm, ví dụ 123456.']);
    expect(texts((await send('walker', '0')).body).at(-1)).toBe('Bạn cần gì?');
  });

  it('answers the risk and help item with the hotline', async () => {
    const { body } = await send('walker', '5');
    expect(body.replies[0].text).toContain('1900 9095');
  });

  it('switches to English and keeps English on later turns', async () => {
    expect(texts((await send('walker', 'ngon ngu')).body)).toEqual(['Chọn ngôn ngữ / Choose a language:']);
    const switched = await send('walker', 'English');
    expect(texts(switched.body)).toEqual(['Language set to English.', 'What do you need?']);
    const later = await send('walker', 'vaccine');
    expect(later.body.replies[0].text).toBe('Who is the vaccination for?');
  });

  it('returns to the menu from anywhere with 0 or "menu"', async () => {
    await send('walker', '6');
    const { body } = await send('walker', '0');
    expect(texts(body)).toContain('What do you need?');
    const again = await send('walker', 'MENU');
    expect(texts(again.body)).toContain('What do you need?');
  });

  it('gives help and repeats the pending question', async () => {
    await send('walker', '6');
    const { body } = await send('walker', 'help');
    expect(body.replies[0].text).toContain('Send 0 for the main menu');
    expect(body.replies[1].text).toBe('Choose a language / Chọn ngôn ngữ:');
  });

  it('re-asks politely on an odd answer, then gives up to the menu after three', async () => {
    const first = await send('walker', 'banana');
    expect(first.body.replies[0].text).toMatch(/^Please choose a number from 1 to 2\./);
    await send('walker', '99');
    const third = await send('walker', '???');
    expect(texts(third.body)).toEqual([
      'Sorry, I did not understand that answer. For help from a person, call the 1900 9095 hotline. Let us go back to the main menu.',
      'What do you need?',
    ]);
  });

  it('switches back to Vietnamese without diacritics', async () => {
    await send('walker', 'ngon ngu');
    const { body } = await send('walker', 'tieng viet');
    expect(texts(body)).toEqual(['Đã chuyển sang tiếng Việt.', 'Bạn cần gì?']);
  });

  it('answers a retried request with the same messageId once, with the same replies', async () => {
    const first = await send('retry-user', 'hello', { messageId: 'client-1' });
    const second = await send('retry-user', 'hello', { messageId: 'client-1' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const [row] = await app.database.handle.db.select({ n: count() }).from(messages);
    expect(row?.n).toBeGreaterThan(0);
  });

  it('refuses another user reusing a messageId', async () => {
    await send('owner', 'hi', { messageId: 'shared-id' });
    const { status, body } = await send('intruder', 'hi', { messageId: 'shared-id' });
    expect(status).toBe(409);
    expect(body.error).toBe('message_id_taken');
  });

  it('keeps both answers when one user sends two messages at once', async () => {
    await send('twin', 'xin chao');
    const [a, b] = await Promise.all([send('twin', '6'), send('twin', 'english')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // "6" then "english": the language is set. "english" (a menu synonym) then "6": the second turn sees the language
    // question and re-asks. Had one turn's state been lost, both would have answered the menu: two bare questions.
    const all = [...texts(a.body), ...texts(b.body)];
    const sequential =
      all.includes('Language set to English.') ||
      all.some((text) => text.startsWith('Vui lòng chọn một số từ 1 đến 2.'));
    expect(sequential).toBe(true);
  });
});

describe('web channel bad input', () => {
  const countMessages = async () => {
    const [row] = await app.database.handle.db.select({ n: count() }).from(messages);
    return row?.n ?? 0;
  };

  it.each([
    { description: 'malformed JSON', body: '{"userId": "x", "text": ', status: 400, error: 'malformed_json' },
    { description: 'missing userId', body: { text: 'hi' }, status: 400, error: 'invalid_request' },
    { description: 'empty text', body: { userId: 'bad', text: '   ' }, status: 400, error: 'invalid_request' },
    {
      description: '5,000-character text',
      body: { userId: 'bad', text: 'a'.repeat(5000) },
      status: 400,
      error: 'invalid_request',
    },
    {
      description: 'unknown field',
      body: { userId: 'bad', text: 'hi', admin: true },
      status: 400,
      error: 'invalid_request',
    },
    { description: 'userId with spaces', body: { userId: 'a b', text: 'hi' }, status: 400, error: 'invalid_request' },
    { description: 'text of the wrong type', body: { userId: 'bad', text: 42 }, status: 400, error: 'invalid_request' },
    {
      description: 'body over 64 KB',
      body: { userId: 'bad', text: 'a'.repeat(70_000) },
      status: 413,
      error: 'body_too_large',
    },
  ])('$description → $status, nothing stored', async ({ body, status, error }) => {
    const before = await countMessages();
    const response = await app.post('/channels/web/messages', body);
    expect(response.status).toBe(status);
    expect(response.body.error).toBe(error);
    expect(response.body.message.length).toBeGreaterThan(5);
    expect(await countMessages()).toBe(before);
  });

  it('names the offending field', async () => {
    const { body } = await app.post('/channels/web/messages', { userId: 'bad', text: '' });
    expect(body.message).toContain('text');
  });

  it('keeps serving after bad input', async () => {
    const { status } = await send('after-bad', 'xin chao');
    expect(status).toBe(200);
  });
});

describe('web chat mailbox', () => {
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const collect = async (userId: string) => {
    const { status, body } = await app.get(`/channels/web/messages?userId=${userId}`);
    expect(status).toBe(200);
    return (body.messages as { text: string }[]).map((message) => message.text);
  };

  it("hands a staff officer's answer and the closing notice to the page once each", async () => {
    await send('mailbox-user', 'gặp nhân viên');
    await send('mailbox-user', 'trảng dài');
    const opened = await send('mailbox-user', '1');
    expect(texts(opened.body).at(-1)).toContain('Phường Trảng Dài');
    const { body } = await app.get('/api/v1/conversations?status=open', auth);
    const conversation = body.conversations.find((c: { channel: string }) => c.channel === 'web');
    const answer = 'Chào bạn, cán bộ phường đây. Bạn cần giúp gì?';
    expect((await app.post(`/api/v1/conversations/${conversation.id}/replies`, { text: answer }, auth)).status).toBe(
      202,
    );

    const first = await waitFor('the answer in the mailbox', async () => {
      const collected = await collect('mailbox-user');
      return collected.length > 0 ? collected : undefined;
    });
    expect(first).toEqual([answer]);
    expect(await collect('mailbox-user')).toEqual([]);
    await app.post(`/api/v1/conversations/${conversation.id}/close`, {}, auth);
    const closing = await waitFor('the closing notice', async () => {
      const collected = await collect('mailbox-user');
      return collected.length > 0 ? collected : undefined;
    });
    expect(closing).toHaveLength(1);
    // Another user's mailbox, and one never used, are empty.
    expect(await collect('walker')).toEqual([]);
    expect(await collect('nobody-yet')).toEqual([]);
  });

  it('refuses a malformed user id', async () => {
    expect((await app.get('/channels/web/messages?userId=bad%20id')).status).toBe(400);
    expect((await app.get('/channels/web/messages')).status).toBe(400);
  });
});
