import type { FlowDefinition } from '../core/dialogs/flow.js';
import { EXPOSURES, SYMPTOMS } from '../core/domain/risk-rules.js';
import { birthYearStep, yesNoChain } from './health-questions.js';

/**
 * Domestic health declaration (NCOVI): for oneself or a household member (up to 10), "same as last time" for
 * returning people, then symptoms and exposures of the last 14 days (one broad question first, so most people
 * answer once), vaccine doses, risk level, receipt and advice. "KB" starts it from anywhere.
 */
export const declarationFlow: FlowDefinition = {
  id: 'declaration',
  trigger: { keywords: ['kb', 'khai bao', 'khai bao y te', 'declare'] },
  steps: [
    {
      kind: 'ask',
      id: 'who',
      prompt: 'declaration:who.prompt',
      answer: { type: 'pick', source: 'declarationSubjects', whenEmpty: 'subject' },
    },
    // Loads the chosen person's last declaration into the answers: "returning" or "new".
    {
      kind: 'action',
      id: 'subject',
      action: 'prepareDeclaration',
      next: { on: 'subject', cases: { returning: 'sameAsLast' }, otherwise: 'fullName' },
    },
    {
      kind: 'ask',
      id: 'sameAsLast',
      prompt: 'declaration:sameAsLast',
      answer: { type: 'yesNo' },
      next: { on: 'sameAsLast', cases: { yes: 'symptomsAny' }, otherwise: 'fullName' },
    },
    {
      kind: 'ask',
      id: 'fullName',
      prompt: 'declaration:fullName',
      answer: { type: 'text', minLength: 2, maxLength: 100 },
    },
    birthYearStep,
    {
      kind: 'ask',
      id: 'gender',
      prompt: 'declaration:gender.prompt',
      answer: {
        type: 'choice',
        options: [
          { value: 'male', label: 'declaration:gender.male', synonyms: ['nam', 'trai', 'm'] },
          { value: 'female', label: 'declaration:gender.female', synonyms: ['nu', 'gai', 'f'] },
          { value: 'other', label: 'declaration:gender.other', synonyms: ['khac'] },
        ],
      },
      next: { on: 'phoneKnown', cases: { yes: 'ward' }, otherwise: 'phone' },
    },
    { kind: 'ask', id: 'phone', prompt: 'declaration:phone', answer: { type: 'phone' } },
    { kind: 'flow', id: 'ward', flow: 'ward', returns: ['wardCode'] },
    {
      kind: 'ask',
      id: 'address',
      prompt: 'declaration:address',
      answer: { type: 'text', minLength: 2, maxLength: 200 },
    },
    {
      kind: 'ask',
      id: 'symptomsAny',
      prompt: 'declaration:symptomsAny',
      answer: { type: 'yesNo' },
      next: { on: 'symptomsAny', cases: { yes: `symptom_${SYMPTOMS[0]}` }, otherwise: 'exposuresAny' },
    },
    ...yesNoChain('symptom', SYMPTOMS, 'exposuresAny'),
    {
      kind: 'ask',
      id: 'exposuresAny',
      prompt: 'declaration:exposuresAny',
      answer: { type: 'yesNo' },
      next: { on: 'exposuresAny', cases: { yes: `exposure_${EXPOSURES[0]}` }, otherwise: 'vaccinated' },
    },
    ...yesNoChain('exposure', EXPOSURES, 'vaccinated'),
    // Yes/no first: "0" doses cannot be typed, it is the menu command everywhere.
    {
      kind: 'ask',
      id: 'vaccinated',
      prompt: 'declaration:vaccinated',
      answer: { type: 'yesNo' },
      next: { on: 'vaccinated', cases: { yes: 'vaccineDoses' }, otherwise: 'saved' },
    },
    {
      kind: 'ask',
      id: 'vaccineDoses',
      prompt: 'declaration:vaccineDoses',
      answer: { type: 'number', min: 1, max: 5, integer: true },
    },
    // Scores, stores, tells ward staff when high, and answers with the receipt and the advice for the level.
    { kind: 'action', id: 'saved', action: 'saveDeclaration' },
    { kind: 'end', id: 'done' },
  ],
};
