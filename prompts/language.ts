import type { FlowDefinition } from '../core/dialogs/flow.js';

/** Switches the language every later message is written in. */
export const languageFlow: FlowDefinition = {
  id: 'language',
  steps: [
    {
      kind: 'ask',
      id: 'locale',
      prompt: 'language:prompt',
      answer: {
        type: 'choice',
        options: [
          { value: 'vi', label: 'language:vi', synonyms: ['viet', 'vietnamese', 'tieng viet'] },
          { value: 'en', label: 'language:en', synonyms: ['english', 'anh', 'tieng anh'] },
        ],
      },
    },
    { kind: 'action', id: 'apply', action: 'setLocale' },
    { kind: 'say', id: 'changed', text: 'language:changed' },
  ],
};
