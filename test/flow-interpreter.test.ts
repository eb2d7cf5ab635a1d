import type { Resource } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentity } from '../core/db/identities-repository.js';
import { recordInbound } from '../core/db/messages-repository.js';
import type { FlowCatalog } from '../core/dialogs/bot.js';
import type { FlowDefinition } from '../core/dialogs/flow.js';
import type { Answers, FlowAction, OptionSource } from '../core/dialogs/flow-dialog.js';
import { findFlowProblems } from '../core/dialogs/flow-validation.js';
import { runInboundTurn } from '../core/dialogs/turn-runner.js';
import { createTranslator, loadLocaleResources } from '../core/i18n/translator.js';
import { createPgliteTestDatabase, type TestDatabase } from './support/test-database.js';

// A flow using every answer type and a branch, run by the real interpreter on a real (embedded) database.
const intake: FlowDefinition = {
  id: 'intake',
  steps: [
    { kind: 'ask', id: 'name', prompt: 'test:name', answer: { type: 'text', minLength: 2, maxLength: 40 } },
    { kind: 'ask', id: 'age', prompt: 'test:age', answer: { type: 'number', min: 0, max: 120, integer: true } },
    {
      kind: 'ask',
      id: 'fever',
      prompt: 'test:fever',
      answer: { type: 'yesNo' },
      next: { on: 'fever', cases: { yes: 'since', no: 'phone' } },
    },
    { kind: 'ask', id: 'since', prompt: 'test:since', answer: { type: 'date', earliestDays: -14, latestDays: 0 } },
    { kind: 'ask', id: 'phone', prompt: 'test:phone', answer: { type: 'phone' } },
    { kind: 'action', id: 'record', action: 'record' },
    { kind: 'say', id: 'done', text: 'test:done' },
  ],
};
// Options computed at ask time, and a sub-flow that hands its answer back to its caller.
const where: FlowDefinition = {
  id: 'where',
  steps: [
    { kind: 'ask', id: 'town', prompt: 'test:town', answer: { type: 'text' } },
    { kind: 'ask', id: 'place', prompt: 'test:place', answer: { type: 'pick', source: 'places', whenEmpty: 'none' } },
    { kind: 'end', id: 'found' },
    { kind: 'say', id: 'none', text: 'test:none', next: 'town' },
  ],
};
// Started by keywords from anywhere; "co" (check-out) is also how people type "có" (yes).
const visit: FlowDefinition = {
  id: 'visit',
  trigger: { keywords: ['ci', 'checkin'], argumentAs: 'code' },
  steps: [{ kind: 'say', id: 'in', text: 'test:checkedIn' }],
};
const leave: FlowDefinition = {
  id: 'leave',
  trigger: { keywords: ['co'] },
  steps: [{ kind: 'say', id: 'out', text: 'test:checkedOut' }],
};
const menu: FlowDefinition = {
  id: 'menu',
  steps: [
    {
      kind: 'ask',
      id: 'main',
      prompt: 'test:menu',
      answer: {
        type: 'choice',
        options: [
          { value: 'intake', label: 'test:intake', next: 'intake' },
          { value: 'where', label: 'test:where', next: 'where' },
        ],
      },
    },
    { kind: 'flow', id: 'intake', flow: 'intake', next: 'main' },
    { kind: 'flow', id: 'where', flow: 'where', returns: ['place'], next: 'placed' },
    { kind: 'say', id: 'placed', text: 'test:placed', next: 'main' },
  ],
};
const texts = {
  menu: 'MENU',
  intake: 'Start intake',
  name: 'Name?',
  age: 'Age?',
  fever: 'Fever?',
  since: 'Since when?',
  phone: 'Phone?',
  done: 'Thanks {{name}}, age {{age}}.',
  where: 'Find a place',
  town: 'Town?',
  place: 'Which place?',
  none: 'No place there.',
  placed: 'Place {{place}}.',
  checkedIn: 'Checked in at {{code}}.',
  checkedOut: 'Checked out.',
};

const PLACES = [
  { value: 'hue-1', label: 'Hue Citadel', town: 'hue' },
  { value: 'hue-2', label: 'Hue Market', town: 'hue' },
  { value: 'hn-1', label: 'Hoan Kiem', town: 'hanoi' },
];

describe('flow interpreter', () => {
  let testDb: TestDatabase;
  const recorded: Answers[] = [];
  const record: FlowAction = async ({ answers }) => {
    recorded.push({ ...answers });
    return 'ok';
  };
  const base = loadLocaleResources();
  const resources: Resource = {
    vi: { ...base.vi, test: texts },
    en: { ...base.en, test: texts },
  };
  const translator = createTranslator(resources);
  const places: OptionSource = async ({ answers }) =>
    PLACES.filter((place) => place.town === String(answers.town).toLowerCase());
  const catalog: FlowCatalog = {
    flows: [menu, intake, where, visit, leave],
    actions: new Map([['record', record]]),
    optionSources: new Map([['places', places]]),
  };
  let sequence = 0;

  const say = async (user: string, text: string, payload?: unknown) => {
    const db = testDb.handle.db;
    const { identity } = await resolveIdentity(db, { channel: 'web', externalId: user, locale: 'en' });
    const { message } = await recordInbound(db, {
      channel: 'web',
      identityId: identity.id,
      providerMessageId: `m-${sequence++}`,
      text,
      payload,
    });
    const outcome = await runInboundTurn(
      {
        database: testDb.handle,
        translator,
        catalog,
        replyStatusOf: () => 'delivered',
        defaultLocale: 'vi',
        now: () => new Date('2026-11-22T03:00:00Z'),
      },
      message.id,
    );
    return outcome.status === 'done' ? outcome.replies.map((reply) => reply.text) : [];
  };

  beforeAll(async () => {
    testDb = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('has no broken references', () => {
    expect(findFlowProblems(catalog, translator)).toEqual([]);
  });

  it('walks every answer type, re-asking odd answers, and takes the "yes" branch', async () => {
    expect(await say('a', 'hi')).toEqual(['MENU']);
    expect(await say('a', '1')).toEqual(['Name?']);
    expect(await say('a', 'x')).toEqual(['Please answer with 2 to 40 characters. Name?']);
    expect(await say('a', '  Nguyễn   Văn An ')).toEqual(['Age?']);
    expect(await say('a', '130')).toEqual(['Please answer with a number from 0 to 120. Age?']);
    expect(await say('a', 'toi 72 tuoi')).toEqual(['Fever?']);
    expect(await say('a', 'hmm')).toEqual(['Please answer 1 (Yes) or 2 (No). Fever?']);
    expect(await say('a', 'co')).toEqual(['Since when?']);
    expect(await say('a', '01/01/2020')).toEqual([
      'That date does not look right; please write day/month/year, for example 05/09/2021. Since when?',
    ]);
    expect(await say('a', 'hom qua')).toEqual(['Phone?']);
    expect(await say('a', '0123')).toEqual(['That phone number does not look right, for example 0912345678. Phone?']);
    expect(await say('a', '091 234 5678')).toEqual(['Thanks Nguyễn Văn An, age 72.', 'MENU']);
    // A sub-flow starts with a copy of its caller's answers (here the menu's "main").
    expect(recorded.at(-1)).toEqual({
      main: 'intake',
      name: 'Nguyễn Văn An',
      age: 72,
      fever: true,
      since: '2026-11-21',
      phone: '+84912345678',
    });
  });

  it('skips the date question on the "no" branch', async () => {
    await say('b', 'hi');
    await say('b', '1');
    await say('b', 'Lan');
    await say('b', '30');
    expect(await say('b', 'khong')).toEqual(['Phone?']);
    await say('b', '+84 98 765 4321');
    expect(recorded.at(-1)).toMatchObject({ fever: false, phone: '+84987654321' });
    expect(recorded.at(-1)).not.toHaveProperty('since');
  });

  it('gives up after three odd answers and returns to the calling flow', async () => {
    await say('c', 'hi');
    await say('c', '1');
    await say('c', 'Binh');
    await say('c', 'abc');
    await say('c', 'def');
    expect(await say('c', 'ghi')).toEqual([
      'Sorry, I did not understand that answer. For help from a person, call the 1900 9095 hotline. Let us go back to the main menu.',
      'MENU',
    ]);
  });

  it('offers computed options, re-asks against what it showed, and hands the pick back to the caller', async () => {
    await say('d', 'hi');
    expect(await say('d', '2')).toEqual(['Town?']);
    expect(await say('d', 'Hue')).toEqual(['Which place?']);
    expect(await say('d', '3')).toEqual(['Please choose a number from 1 to 2. Which place?']);
    expect(await say('d', 'hue market')).toEqual(['Place hue-2.', 'MENU']);
  });

  it('goes to whenEmpty when there is nothing to pick', async () => {
    await say('e', 'hi');
    await say('e', '2');
    expect(await say('e', 'Atlantis')).toEqual(['No place there.', 'Town?']);
    expect(await say('e', 'Hanoi')).toEqual(['Which place?']);
    expect(await say('e', '1')).toEqual(['Place hn-1.', 'MENU']);
  });

  it('starts a flow by keyword from anywhere, with its argument, glued or not, and by deep link', async () => {
    await say('f', 'hi');
    await say('f', '1');
    expect(await say('f', 'CI 123456')).toEqual(['Checked in at 123456.']);
    expect(await say('f', 'ci654321')).toEqual(['Checked in at 654321.']);
    expect(await say('f', 'Checkin  AbC_9')).toEqual(['Checked in at AbC_9.']);
    expect(await say('f', '/start', { startPayload: 'ci_Tok_En-1' })).toEqual(['Checked in at Tok_En-1.']);
    // Not a keyword: "circle" only starts with "ci", and "co" takes no argument.
    expect(await say('f', 'circle')).toEqual(['MENU']);
    expect(await say('f', 'co 12')).toEqual(['Please choose a number from 1 to 2. MENU']);
  });

  it('lets a closed question keep an answer that is also a keyword', async () => {
    await say('g', 'hi');
    await say('g', '1');
    await say('g', 'Minh');
    await say('g', '40');
    expect(await say('g', 'co')).toEqual(['Since when?']);
    expect(await say('g', 'co')).toEqual(['Checked out.']);
  });

  it('starts a flow the service asked for, whatever was pending', async () => {
    await say('h', 'hi');
    await say('h', '1');
    expect(await say('h', '', { systemStart: { flow: 'visit', answers: { code: 'daily' } } })).toEqual([
      'Checked in at daily.',
    ]);
    // A flow started by keyword ends without a menu (one SMS, not two); the next message gets the menu.
    expect(await say('h', 'hello')).toEqual(['MENU']);
  });
});
