import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationFeed } from '../bots/http/conversation-events.js';
import type { StaffRole } from '../core/db/staff-repository.js';
import { countSmsSegments } from '../core/text/sms-segments.js';
import type { ChannelDriver } from './support/drivers/driver.js';
import { smppDriver } from './support/drivers/smpp-driver.js';
import { sessionHeaders, signedInStaff } from './support/staff-sessions.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait-for.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const NEED_WARD = 'De chuyen ban toi can bo phuong/xa, cho chung toi biet ban o dau.';
const OPENED_TRANG_DAI =
  'Da chuyen ban toi can bo Phuong Trang Dai. Can bo se tra loi ban tai day. Cap cuu goi 115. Go 0 de ve menu tu dong.';

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a server-sent event stream, collecting events until a predicate holds. */
async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no event stream body');
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  let buffer = '';
  return {
    response,
    async until(what: string, done: (events: StreamEvent[]) => boolean, timeoutMs = 10_000): Promise<StreamEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (!done(events)) {
        const timer = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), Math.max(0, deadline - Date.now())),
        );
        const { value, done: ended } = await Promise.race([reader.read(), timer]);
        if (ended) throw new Error(`stream ended before ${what}`);
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
      return events;
    },
    close: () => controller.abort(),
  };
}

// The staff side of the handover over SMS: how citizens ask, who is told, who may read and answer, and what the
// API refuses.
describe('conversations inbox API', () => {
  let sms: ChannelDriver;
  let app: TestService;
  let trangDai: Record<string, string>;
  let longKhanh: Record<string, string>;
  let bienHoa: Record<string, string>;
  const staffPhone = '+84987659001';

  beforeAll(async () => {
    sms = await smppDriver();
    app = await startTestService({ ...sms.env, INBOUND_FLOOD_LIMIT_PER_MINUTE: '500' });
    const officer = async (username: string, role: StaffRole, area: string) =>
      sessionHeaders(await signedInStaff(app, { username, role, areas: [area] }));
    trangDai = await officer('cb.trangdai', 'ward', '25993');
    longKhanh = await officer('cb.longkhanh', 'ward', '26071');
    bienHoa = await officer('cb.bienhoa', 'district', '731');
    const subscribed = await app.post(
      '/api/v1/ward-staff',
      { wardCode: '25993', name: 'Y tá Hoa', phone: `0${staffPhone.slice(3)}` },
      admin,
    );
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await app.stop();
    await sms.close();
  });

  let userNo = 100;
  const newUser = () => sms.userId(userNo++);
  const say = async (user: string, text: string, expected: number) => {
    await sms.send(user, text, '');
    return waitFor(
      `${expected} SMS to ${user}`,
      () => sms.received(user).length >= expected && sms.received(user).slice(0, expected),
    );
  };
  /** Sends a text and waits for a reply matching `expected`; returns what arrived since the text was sent. */
  const sayAwaiting = async (user: string, text: string, expected: string | RegExp) => {
    const before = sms.received(user).length;
    await sms.send(user, text, '');
    const matches = (reply: string) => (typeof expected === 'string' ? reply === expected : expected.test(reply));
    return waitFor(`${expected} to ${user}`, () => {
      const fresh = sms.received(user).slice(before);
      return fresh.some(matches) && fresh;
    });
  };
  /** A citizen of Trảng Dài handed over by keyword (the ward asked with the picker); returns the conversation id. */
  const handOver = async (user: string) => {
    await say(user, 'gap nhan vien', 2);
    await say(user, 'trang dai', 3);
    const opened = await say(user, '1', 4);
    expect(opened[3]).toBe(OPENED_TRANG_DAI);
    const list = await app.get('/api/v1/conversations?ward=25993', trangDai);
    const mine = list.body.conversations.find((c: { address: string }) => c.address.endsWith(user.slice(-3)));
    return mine.id as string;
  };

  it.each([
    { keyword: 'gặp nhân viên' },
    { keyword: 'GAP NHAN VIEN' },
    { keyword: 'nhân viên' },
    { keyword: 'nhan vien' },
    { keyword: 'staff' },
    { keyword: 'Talk to a person' },
  ])('"$keyword" asks for the ward to hand over to', async ({ keyword }) => {
    const [first, second] = await say(newUser(), keyword, 2);
    expect(first).toBe(NEED_WARD);
    expect(second).toMatch(/^Ban o phuong\/xa nao\?/);
  });

  it('offers "talk to a person" in the menu, and answers in English', async () => {
    const user = newUser();
    // One GSM-7 segment still: the menu is what every SMS user pays for most.
    const menus = [
      await sayAwaiting(user, 'xin chao', /7\. Gap nhan vien$/),
      (await sayAwaiting(user, 'ngon ngu', /English/)) && (await sayAwaiting(user, 'english', /7\. Staff$/)),
    ];
    // One GSM-7 segment still, in both languages: the menu is the SMS every user pays for most.
    for (const menu of menus) {
      expect(countSmsSegments(menu.at(-1) ?? '')).toMatchObject({ encoding: 'gsm7', segments: 1 });
    }
    await sayAwaiting(user, '7', "To put you through to your ward's staff, tell us where you live.");
    await sayAwaiting(user, 'trang dai', /^Pick your ward:/);
    await sayAwaiting(
      user,
      '1',
      'You are now talking to the staff of Phuong Trang Dai. They will answer you here. Emergencies: call 115. Send 0 for the automatic menu.',
    );
  });

  it("hands over at once to a citizen's known ward, and tells the ward's subscribed staff once", async () => {
    const user = newUser();
    // The risk-level question remembers the ward the citizen picks.
    await sayAwaiting(user, 'mnc', /^Ban o phuong\/xa nao\?/);
    await sayAwaiting(user, 'trang dai', /^Chon phuong\/xa/);
    await sayAwaiting(user, '1', /^Ban can gi\?/);
    const fresh = await sayAwaiting(user, 'nhan vien', OPENED_TRANG_DAI);
    expect(fresh).toEqual([OPENED_TRANG_DAI]);
    const noticesFor = () => sms.received(staffPhone).filter((text) => text.includes(`+84******${user.slice(-3)} `));
    const [notice] = await waitFor('the staff notice', () => noticesFor().length >= 1 && noticesFor());
    expect(notice).toBe(
      `[Can tra loi] Nguoi dan +84******${user.slice(-3)} (sms) o Phuong Trang Dai dang cho can bo. Tra loi trong muc Hoi thoai cua trang quan ly.`,
    );
    // Asking again while handed over is the citizen's message to staff: no second notice, no bot answer.
    const sent = sms.received(user).length;
    await sms.send(user, 'nhan vien', '');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sms.received(user)).toHaveLength(sent);
    expect(noticesFor()).toHaveLength(1);
  });

  it("keeps each ward's conversations to its own officers (and the district's)", async () => {
    const id = await handOver(newUser());
    const listed = async (headers: Record<string, string>) =>
      ((await app.get('/api/v1/conversations', headers)).body.conversations as { id: string }[]).map((c) => c.id);
    expect(await listed(trangDai)).toContain(id);
    expect(await listed(bienHoa)).toContain(id);
    expect(await listed(longKhanh)).not.toContain(id);
    expect((await app.get(`/api/v1/conversations/${id}`, bienHoa)).status).toBe(200);
    const refused = [
      await app.get(`/api/v1/conversations/${id}`, longKhanh),
      await app.post(`/api/v1/conversations/${id}/replies`, { text: 'Xin chào' }, longKhanh),
      await app.post(`/api/v1/conversations/${id}/close`, {}, longKhanh),
      await app.get('/api/v1/conversations?ward=25993', longKhanh),
    ];
    expect(refused.map((r) => [r.status, r.body.error])).toEqual(Array(4).fill([403, 'out_of_area']));
    // Nothing was sent or closed by the refused calls.
    const read = await app.get(`/api/v1/conversations/${id}`, trangDai);
    expect(read.body.conversation.status).toBe('open');
    expect(read.body.messages.some((m: { author: string }) => m.author === 'staff')).toBe(false);
  });

  it('refuses bad replies with clear 4xx, and a closed conversation with 409', async () => {
    const id = await handOver(newUser());
    const reply = (conversation: string, body: unknown) =>
      app.post(`/api/v1/conversations/${conversation}/replies`, body, trangDai);
    const cases = [
      { body: { text: '   ' }, status: 400, message: /must not be empty/ },
      { body: { text: 'x'.repeat(1001) }, status: 400, message: /at most 1000 characters/ },
      { body: {}, status: 400, message: /text/ },
      { body: { text: 'hi', extra: 1 }, status: 400, message: /extra/ },
    ];
    for (const { body, status, message } of cases) {
      const answer = await reply(id, body);
      expect(answer.status).toBe(status);
      expect(answer.body.message).toMatch(message);
    }
    expect((await reply('00000000-0000-4000-8000-000000000000', { text: 'hi' })).status).toBe(404);
    expect((await reply('not-an-id', { text: 'hi' })).status).toBe(400);
    expect((await app.get('/api/v1/conversations?status=pending', trangDai)).status).toBe(400);
    expect((await app.post(`/api/v1/conversations/${id}/close`, {}, trangDai)).status).toBe(200);
    const late = await reply(id, { text: 'Còn đó không?' });
    expect([late.status, late.body.error]).toEqual([409, 'conversation_closed']);
    expect((await app.post(`/api/v1/conversations/${id}/close`, {}, trangDai)).status).toBe(409);
    const closed = await app.get('/api/v1/conversations?status=closed', trangDai);
    expect(closed.body.conversations.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('lets the citizen leave with "0": the handover closes and the menu answers', async () => {
    const user = newUser();
    const id = await handOver(user);
    const left = await say(user, '0', 7);
    expect(left.slice(4)).toEqual([
      'Ban da roi cuoc tro chuyen voi can bo.',
      expect.stringMatching(/^Xin chao!/),
      expect.stringMatching(/^Ban can gi\?/),
    ]);
    expect((await app.get(`/api/v1/conversations/${id}`, trangDai)).body.conversation.status).toBe('closed');
  });

  it('streams new conversations and messages to the officers of the ward, and records every change', async () => {
    const stream = await openEventStream(`${app.service.url}/api/v1/conversations/events`, trangDai);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    const since = new Date();
    try {
      await stream.until('ready', (events) => events.some((e) => e.event === 'ready'));
      const user = newUser();
      const id = await handOver(user);
      await stream.until(
        'the new conversation and its acknowledgement',
        (events) =>
          events.some(
            (e) =>
              e.event === 'message' &&
              e.data.conversationId === id &&
              (e.data.message as { text: string }).text.includes('115'),
          ) && events.some((e) => e.event === 'conversation' && (e.data.conversation as { id: string }).id === id),
      );
      const sent = await app.post(`/api/v1/conversations/${id}/replies`, { text: 'Chào bác' }, trangDai);
      await stream.until('the staff reply', (events) =>
        events.some((e) => e.event === 'message' && (e.data.message as { id: string }).id === sent.body.messageId),
      );
      await app.post(`/api/v1/conversations/${id}/close`, {}, trangDai);
      await stream.until('the close', (events) =>
        events.some(
          (e) =>
            e.event === 'conversation' && (e.data.conversation as { id: string; status: string }).status === 'closed',
        ),
      );
      // Another ward's officer hears nothing of it.
      const elsewhere = await conversationFeed(app.database.handle.db, ['26071'], since)();
      expect(elsewhere).toEqual([]);
      const audit = await app.get(`/api/v1/audit?action=conversation_replied`, admin);
      expect(audit.body.entries).toContainEqual(
        expect.objectContaining({ action: 'conversation_replied', target: id }),
      );
      const closes = await app.get(`/api/v1/audit?action=conversation_closed`, admin);
      expect(closes.body.entries).toContainEqual(expect.objectContaining({ target: id }));
    } finally {
      stream.close();
    }
  });
});
