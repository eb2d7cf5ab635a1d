import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, messages } from '../core/db/schema.js';
import { startTestService, type TestService } from './support/test-service.js';

let app: TestService;
beforeAll(async () => {
  app = await startTestService({ INBOUND_FLOOD_LIMIT_PER_MINUTE: '4' });
});
afterAll(async () => {
  await app.stop();
});

const send = (userId: string, text: string) => app.post('/channels/web/messages', { userId, text });
const optedOut = async (externalId: string) => {
  const [row] = await app.database.handle.db
    .select({ optedOut: channelIdentities.optedOut })
    .from(channelIdentities)
    .where(eq(channelIdentities.externalId, externalId));
  return row?.optedOut;
};

describe('per-sender flood limit', () => {
  it('answers within the limit, then refuses politely and keeps the flooded message as skipped', async () => {
    for (const text of ['hi', '1', '0', '5']) expect((await send('flooder', text)).status).toBe(200);
    const flooded = await send('flooder', 'again');
    expect(flooded.status).toBe(429);
    expect(flooded.body.message).toBe('Bạn gửi nhiều tin quá nhanh. Vui lòng chờ 1 phút rồi gửi lại.');
    const [stored] = await app.database.handle.db.select().from(messages).where(eq(messages.text, 'again'));
    expect(stored?.status).toBe('skipped');
    expect(stored?.error).toBe('flood');
    // Another sender is not affected.
    expect((await send('calm', 'hi')).status).toBe(200);
  });
});

describe('opt-out and opt-in keywords', () => {
  it.each(['HUY', 'huỷ', 'Stop', 'tu choi', 'TỪ CHỐI'])('"%s" opts out with a confirmation', async (keyword) => {
    const user = `out-${keyword.length}-${keyword.charCodeAt(0)}`;
    await send(user, 'xin chao');
    const { body } = await send(user, keyword);
    expect(body.replies.map((r: { text: string }) => r.text)).toEqual([
      'Bạn đã ngừng nhận tin thông báo. Bạn vẫn có thể nhắn cho chúng tôi bất cứ lúc nào. Gõ DK để nhận lại.',
    ]);
    expect(await optedOut(user)).toBe(true);
  });

  it('DK opts back in only someone who opted out; otherwise it is an ordinary answer', async () => {
    await send('back', 'xin chao');
    const notOut = await send('back', 'DK');
    expect(notOut.body.replies[0].text).not.toContain('nhận lại tin');
    await send('back', 'huy');
    const { body } = await send('back', 'dk');
    expect(body.replies[0].text).toBe('Bạn sẽ nhận lại tin thông báo. Gõ HUY để ngừng.');
    expect(await optedOut('back')).toBe(false);
  });
});
