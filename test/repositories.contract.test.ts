import { describe, expect, it } from 'vitest';
import { deleteStates, readStates, writeState } from '../core/db/bot-state-repository.js';
import {
  listIdentitiesOfPerson,
  resolveIdentity,
  setIdentityOptedOut,
  touchIdentityInbound,
} from '../core/db/identities-repository.js';
import {
  completeInbound,
  failInbound,
  findMessage,
  listMessagesOfPerson,
  listReplies,
  recordInbound,
} from '../core/db/messages-repository.js';
import { migrationsAreCurrent } from '../core/db/migrations-runner.js';
import { findPersonById, findPersonByPhone, setPersonLocale } from '../core/db/people-repository.js';
import { people } from '../core/db/schema.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

// The same suite against both engines: whatever passes on PGlite (the embedded default) must pass on PostgreSQL.
describe.each(BOTH_ENGINES)('repository contract on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('reports migrations as applied', async () => {
    expect(await migrationsAreCurrent(testDb().handle)).toBe(true);
  });

  it('creates a person on first contact and finds the same one afterwards', async () => {
    const first = await resolveIdentity(db(), { channel: 'web', externalId: 'u-1', locale: 'vi' });
    const again = await resolveIdentity(db(), { channel: 'web', externalId: 'u-1', locale: 'en' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.person.id).toBe(first.person.id);
    expect(again.person.locale).toBe('vi');
    expect(await listIdentitiesOfPerson(db(), first.person.id)).toHaveLength(1);
  });

  it('keeps one identity when two first messages race', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => resolveIdentity(db(), { channel: 'web', externalId: 'racer', locale: 'vi' })),
    );
    expect(new Set(results.map((r) => r.identity.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.person.id)).size).toBe(1);
  });

  it('separates the same external id on two channels', async () => {
    const web = await resolveIdentity(db(), { channel: 'web', externalId: 'same', locale: 'vi' });
    const telegram = await resolveIdentity(db(), { channel: 'telegram', externalId: 'same', locale: 'vi' });
    expect(web.identity.id).not.toBe(telegram.identity.id);
  });

  it('stores locale, opt-out and last inbound time', async () => {
    const { person, identity } = await resolveIdentity(db(), { channel: 'web', externalId: 'u-2', locale: 'vi' });
    await setPersonLocale(db(), person.id, 'en');
    expect((await findPersonById(db(), person.id))?.locale).toBe('en');
    const at = new Date('2026-11-22T01:02:03Z');
    await touchIdentityInbound(db(), identity.id, at);
    await setIdentityOptedOut(db(), identity.id, true);
    const [stored] = await listIdentitiesOfPerson(db(), person.id);
    expect(stored?.optedOut).toBe(true);
    expect(stored?.lastInboundAt?.toISOString()).toBe(at.toISOString());
  });

  it('refuses a second person with the same phone and an unknown locale', async () => {
    await db().insert(people).values({ phone: '+84912345678' });
    await expect(db().insert(people).values({ phone: '+84912345678' })).rejects.toThrow();
    await expect(db().insert(people).values({ locale: 'fr' })).rejects.toThrow();
    expect((await findPersonByPhone(db(), '+84912345678'))?.phone).toBe('+84912345678');
  });

  it('stores an inbound message once per provider id and completes it with ordered replies', async () => {
    const { identity, person } = await resolveIdentity(db(), { channel: 'web', externalId: 'u-3', locale: 'vi' });
    const input = { channel: 'web', identityId: identity.id, providerMessageId: 'm-1', text: 'xin chào' };
    const first = await recordInbound(db(), input);
    const redelivered = await recordInbound(db(), { ...input, text: 'changed' });
    expect(first.duplicate).toBe(false);
    expect(redelivered.duplicate).toBe(true);
    expect(redelivered.message.id).toBe(first.message.id);
    expect(redelivered.message.text).toBe('xin chào');

    await completeInbound(db(), first.message, [
      { text: 'one', status: 'sent' },
      { text: 'two', status: 'sent', payload: { choices: [{ value: 'a', label: 'A' }] } },
    ]);
    expect((await findMessage(db(), first.message.id))?.status).toBe('processed');
    const replies = await listReplies(db(), first.message.id);
    expect(replies.map((r) => r.text)).toEqual(['one', 'two']);
    expect(replies[1]?.payload).toEqual({ choices: [{ value: 'a', label: 'A' }] });
    // A second completion of the same turn (a retried job) must not add replies twice.
    await expect(completeInbound(db(), first.message, [{ text: 'again', status: 'sent' }])).rejects.toThrow(
      /not awaiting a turn/,
    );
    expect(await listReplies(db(), first.message.id)).toHaveLength(2);
    expect((await listMessagesOfPerson(db(), person.id, 10)).length).toBe(3);
  });

  it('marks a message failed with its reason', async () => {
    const { identity } = await resolveIdentity(db(), { channel: 'web', externalId: 'u-4', locale: 'vi' });
    const { message } = await recordInbound(db(), {
      channel: 'web',
      identityId: identity.id,
      providerMessageId: 'm-f',
      text: 'x',
    });
    await failInbound(db(), message.id, 'boom');
    const stored = await findMessage(db(), message.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toBe('boom');
  });

  it('writes state with optimistic concurrency', async () => {
    expect(await writeState(db(), 'k1', { step: 1 }, { kind: 'absent' })).toBe(1);
    expect(await writeState(db(), 'k1', { step: 9 }, { kind: 'absent' })).toBeUndefined();
    expect(await writeState(db(), 'k1', { step: 2 }, { kind: 'version', version: 1 })).toBe(2);
    expect(await writeState(db(), 'k1', { step: 3 }, { kind: 'version', version: 1 })).toBeUndefined();
    expect(await writeState(db(), 'k1', { step: 4 }, { kind: 'any' })).toBe(3);
    const states = await readStates(db(), ['k1', 'missing']);
    expect(states.get('k1')).toEqual({ data: { step: 4 }, version: 3 });
    expect(states.has('missing')).toBe(false);
    await deleteStates(db(), ['k1']);
    expect((await readStates(db(), ['k1'])).size).toBe(0);
  });
});
