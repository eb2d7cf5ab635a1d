import type { FlowDefinition } from '../core/dialogs/flow.js';

/** Greeting and main menu; every item comes back here. "0" or "menu" returns here from anywhere. */
export const menuFlow: FlowDefinition = {
  id: 'menu',
  steps: [
    { kind: 'say', id: 'greeting', text: 'menu:greeting' },
    {
      kind: 'ask',
      id: 'main',
      prompt: 'menu:prompt',
      answer: {
        type: 'choice',
        options: [
          {
            value: 'declaration',
            label: 'menu:options.declaration',
            synonyms: ['khai bao', 'to khai', 'khai bao y te', 'declare', 'declaration'],
            next: 'declaration',
          },
          {
            value: 'vaccination',
            label: 'menu:options.vaccination',
            synonyms: ['tiem', 'vaccine', 'vac xin', 'tiem chung', 'vaccination'],
            next: 'vaccination',
          },
          {
            value: 'relief',
            label: 'menu:options.relief',
            synonyms: ['gao', 'sua', 'thuoc', 'ho tro', 'cuu tro', 'rice', 'milk', 'medicine', 'relief'],
            next: 'relief',
          },
          {
            value: 'checkin',
            label: 'menu:options.checkin',
            synonyms: ['qr', 'quet', 'check in', 'checkin'],
            next: 'checkin',
          },
          {
            value: 'risk',
            label: 'menu:options.risk',
            synonyms: ['nguy co', 'muc nguy co', 'hotline', 'duong day nong', 'risk'],
            next: 'riskHelp',
          },
          {
            value: 'language',
            label: 'menu:options.language',
            synonyms: ['ngon ngu', 'language', 'english', 'tieng anh', 'tieng viet'],
            next: 'language',
          },
          {
            value: 'handover',
            label: 'menu:options.handover',
            synonyms: ['nhan vien', 'gap nhan vien', 'can bo', 'talk to a person', 'staff', 'person'],
            next: 'handover',
          },
        ],
      },
    },
    { kind: 'flow', id: 'declaration', flow: 'declaration', next: 'main' },
    { kind: 'flow', id: 'vaccination', flow: 'vaccination', next: 'main' },
    { kind: 'say', id: 'riskHelp', text: 'menu:riskHelp', next: 'main' },
    { kind: 'flow', id: 'relief', flow: 'relief', next: 'main' },
    { kind: 'flow', id: 'language', flow: 'language', next: 'main' },
    // Check-in ends with its receipt, not the menu again: the citizen is at a door, not browsing.
    { kind: 'flow', id: 'checkin', flow: 'checkin', next: 'done' },
    // Handed to staff, the bot says nothing more until they close the conversation.
    { kind: 'flow', id: 'handover', flow: 'handover', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};
