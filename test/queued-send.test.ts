import { describe, expect, it } from 'vitest';
import { resolveIdentity } from '../core/db/identities-repository.js';
import { findEarlierPending, loadQueuedSend, markSent, recordOutbound } from '../core/db/messages-repository.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

const WINDOW_MS = 60_000;
const LONG_AGO = new Date(Date.now() - 3_600_000);

// The one-message path's single statement (workers/outbound-send.ts): order, address and loop guard at once.
describe.each(BOTH_ENGINES)('loadQueuedSend on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;
  const identity = async (phone: string) =>
    (await resolveIdentity(db(), { channel: 'sms', externalId: phone, locale: 'vi' })).identity;

  it('holds a reply behind an earlier one of the same turn still queued, and lets it go once that is sent', async () => {
    const { id: identityId } = await identity('+84987500001');
    const first = await recordOutbound(db(), { channel: 'sms', identityId, text: 'Xin chao', sequence: 0 });
    const second = await recordOutbound(db(), { channel: 'sms', identityId, text: 'Ban can gi?', sequence: 1 });
    const other = await recordOutbound(db(), {
      channel: 'sms',
      identityId: (await identity('+84987500002')).id,
      text: 'x',
    });

    expect(await loadQueuedSend(db(), second.id, WINDOW_MS, LONG_AGO)).toMatchObject({
      message: { id: second.id, status: 'queued', text: 'Ban can gi?' },
      externalId: '+84987500001',
      earlierPendingId: first.id,
      recentIdentical: 0,
    });
    expect((await loadQueuedSend(db(), first.id, WINDOW_MS, LONG_AGO))?.earlierPendingId).toBeNull();
    expect((await loadQueuedSend(db(), other.id, WINDOW_MS, LONG_AGO))?.earlierPendingId).toBeNull();
    // Older than the window: no longer in the way.
    expect((await loadQueuedSend(db(), second.id, 0, LONG_AGO))?.earlierPendingId).toBeNull();
    // The same rule as the turn runner's, which reads it on its own.
    expect(await findEarlierPending(db(), second, 'queued', WINDOW_MS)).toBe(first.id);
    await markSent(db(), first.id, 'smsc-1', 1);
    expect((await loadQueuedSend(db(), second.id, WINDOW_MS, LONG_AGO))?.earlierPendingId).toBeNull();
    expect(await findEarlierPending(db(), second, 'queued', WINDOW_MS)).toBeUndefined();
  });

  it('counts the identical texts this identity was sent since the loop guard window began', async () => {
    const { id: identityId } = await identity('+84987500011');
    for (const [index, text] of ['Chon 1 hoac 2', 'Chon 1 hoac 2', 'Khac'].entries()) {
      const sent = await recordOutbound(db(), { channel: 'sms', identityId, text });
      await markSent(db(), sent.id, `smsc-loop-${index}`, 1);
    }
    const next = await recordOutbound(db(), { channel: 'sms', identityId, text: 'Chon 1 hoac 2' });
    expect((await loadQueuedSend(db(), next.id, WINDOW_MS, LONG_AGO))?.recentIdentical).toBe(2);
    const later = new Date(Date.now() + 60_000);
    expect((await loadQueuedSend(db(), next.id, WINDOW_MS, later))?.recentIdentical).toBe(0);
  });

  it('finds nothing for an unknown message', async () => {
    expect(await loadQueuedSend(db(), '00000000-0000-4000-8000-000000000000', WINDOW_MS, LONG_AGO)).toBeUndefined();
  });
});
