import type { FlowDefinition } from '../core/dialogs/flow.js';

/**
 * Finds the citizen's ward by what they type (with or without diacritics, typos forgiven), offering the five best
 * matches. Call it with `{ kind: 'flow', flow: 'ward', returns: ['wardCode'] }`; after three searches that find
 * nothing the conversation gives up with the hotline.
 */
export const wardFlow: FlowDefinition = {
  id: 'ward',
  steps: [
    {
      kind: 'ask',
      id: 'query',
      prompt: 'ward:ask',
      answer: { type: 'text', minLength: 2, maxLength: 100 },
      saveAs: 'wardQuery',
    },
    {
      kind: 'ask',
      id: 'wardCode',
      prompt: 'ward:pick',
      answer: { type: 'pick', source: 'wardSuggestions', whenEmpty: 'miss' },
      next: { on: 'wardCode', cases: { retype: 'query' }, otherwise: 'found' },
    },
    { kind: 'end', id: 'found' },
    {
      kind: 'action',
      id: 'miss',
      action: 'countWardMiss',
      next: { on: 'miss', cases: { stop: 'giveUp' }, otherwise: 'notFound' },
    },
    { kind: 'say', id: 'notFound', text: 'ward:notFound', next: 'query' },
    { kind: 'end', id: 'giveUp', gaveUp: true },
  ],
};
