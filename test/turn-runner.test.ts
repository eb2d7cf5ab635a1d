import { describe, expect, it } from 'vitest';
import { flowActions, optionSources } from '../core/actions/index.js';
import { readStates } from '../core/db/bot-state-repository.js';
import { resolveIdentity } from '../core/db/identities-repository.js';
import { findMessage, listReplies, recordInbound } from '../core/db/messages-repository.js';
import type { FlowCatalog } from '../core/dialogs/bot.js';
import { runInboundTurn, type TurnRunnerDeps } from '../core/dialogs/turn-runner.js';
import { createTranslator } from '../core/i18n/translator.js';
import { flows } from '../prompts/index.js';
import { BOTH_ENGINES, suiteDatabase } from './support/test-database.js';

// A language action that dies after the person's locale was already written: the turn must leave no trace.
const dyingCatalog: FlowCatalog = {
  flows,
  actions: new Map([
    ...flowActions,
    [
      'setLocale',
      async (input) => {
        await flowActions.get('setLocale')?.(input);
        throw new Error('worker died mid-turn');
      },
    ],
  ]),
  optionSources,
};

describe.each(BOTH_ENGINES)('turn runner on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const deps = (catalog: FlowCatalog): TurnRunnerDeps => ({
    database: testDb().handle,
    translator: createTranslator(),
    catalog,
    replyStatusOf: () => 'delivered',
    defaultLocale: 'vi',
  });
  const inbound = async (externalId: string, text: string, id: string) => {
    const { identity, person } = await resolveIdentity(testDb().handle.db, {
      channel: 'web',
      externalId,
      locale: 'vi',
    });
    const { message } = await recordInbound(testDb().handle.db, {
      channel: 'web',
      identityId: identity.id,
      providerMessageId: id,
      text,
    });
    return { message, person };
  };

  it('runs a turn once: a second run of the same job finds it handled', async () => {
    const { message } = await inbound('once', 'xin chao', 'o-1');
    const first = await runInboundTurn(deps({ flows, actions: flowActions, optionSources }), message.id);
    expect(first.status).toBe('done');
    expect(await runInboundTurn(deps({ flows, actions: flowActions, optionSources }), message.id)).toEqual({
      status: 'already-handled',
    });
    expect(await listReplies(testDb().handle.db, message.id)).toHaveLength(2);
  });

  it('leaves nothing half-done when a turn dies, and the retry completes it', async () => {
    const good = deps({ flows, actions: flowActions, optionSources });
    await runInboundTurn(good, (await inbound('dying', 'xin chao', 'd-1')).message.id);
    await runInboundTurn(good, (await inbound('dying', '6', 'd-2')).message.id);
    const { message, person } = await inbound('dying', 'english', 'd-3');
    const stateBefore = await readStates(testDb().handle.db, ['web/conversations/dying']);

    await expect(runInboundTurn(deps(dyingCatalog), message.id)).rejects.toThrow('worker died mid-turn');
    expect((await findMessage(testDb().handle.db, message.id))?.status).toBe('received');
    expect(await listReplies(testDb().handle.db, message.id)).toEqual([]);
    expect(await readStates(testDb().handle.db, ['web/conversations/dying'])).toEqual(stateBefore);
    const { person: unchanged } = await inbound('dying', 'ignored', 'd-3');
    expect(unchanged.locale).toBe(person.locale);

    const retried = await runInboundTurn(good, message.id);
    expect(retried.status === 'done' && retried.replies.map((r) => r.text)).toEqual([
      'Language set to English.',
      'What do you need?',
    ]);
  });

  it("defers a user's later message until the earlier one has had its turn", async () => {
    const good = deps({ flows, actions: flowActions, optionSources });
    const first = await inbound('orderly', 'xin chao', 'or-1');
    const second = await inbound('orderly', '6', 'or-2');
    expect(await runInboundTurn(good, second.message.id)).toEqual({ status: 'deferred' });
    expect((await runInboundTurn(good, first.message.id)).status).toBe('done');
    const later = await runInboundTurn(good, second.message.id);
    expect(later.status === 'done' && later.replies.map((r) => r.text)).toEqual(['Chọn ngôn ngữ / Choose a language:']);
  });
});
