import type { FlowDefinition } from '../core/dialogs/flow.js';
import { birthYearStep, whereAndSymptomsSteps } from './health-questions.js';

/**
 * Entry declaration (VHD) for people arriving from abroad, in Vietnamese or English: identity document, journey,
 * countries visited, where they will quarantine, symptoms. "NC" (nhập cảnh) starts it from anywhere.
 */
export const entryDeclarationFlow: FlowDefinition = {
  id: 'entryDeclaration',
  trigger: { keywords: ['nc', 'nhap canh', 'entry'] },
  steps: [
    { kind: 'say', id: 'intro', text: 'entry:intro' },
    { kind: 'ask', id: 'fullName', prompt: 'entry:fullName', answer: { type: 'text', minLength: 2, maxLength: 100 } },
    birthYearStep,
    {
      kind: 'ask',
      id: 'gender',
      prompt: 'declaration:gender.prompt',
      answer: {
        type: 'choice',
        options: [
          { value: 'male', label: 'declaration:gender.male', synonyms: ['nam', 'm'] },
          { value: 'female', label: 'declaration:gender.female', synonyms: ['nu', 'f'] },
          { value: 'other', label: 'declaration:gender.other', synonyms: ['khac'] },
        ],
      },
    },
    { kind: 'ask', id: 'document', prompt: 'entry:document', answer: { type: 'text', minLength: 5, maxLength: 20 } },
    // Encrypted at once: the number never sits in clear in the conversation state or the messages table.
    { kind: 'action', id: 'documentProtected', action: 'protectTravelDocument' },
    {
      kind: 'ask',
      id: 'nationality',
      prompt: 'entry:nationality',
      answer: { type: 'text', minLength: 2, maxLength: 60 },
    },
    { kind: 'ask', id: 'vehicle', prompt: 'entry:vehicle', answer: { type: 'text', minLength: 2, maxLength: 20 } },
    { kind: 'ask', id: 'seat', prompt: 'entry:seat', answer: { type: 'text', minLength: 1, maxLength: 10 } },
    { kind: 'ask', id: 'port', prompt: 'entry:port', answer: { type: 'text', minLength: 2, maxLength: 100 } },
    // Up to a week ahead (declared before boarding) or two weeks back (declared late).
    {
      kind: 'ask',
      id: 'arrivalDate',
      prompt: 'entry:arrivalDate',
      answer: { type: 'date', earliestDays: -14, latestDays: 7 },
    },
    { kind: 'ask', id: 'countries', prompt: 'entry:countries', answer: { type: 'text', minLength: 2, maxLength: 200 } },
    { kind: 'ask', id: 'phone', prompt: 'declaration:phone', answer: { type: 'phone' } },
    { kind: 'say', id: 'quarantine', text: 'entry:quarantine' },
    ...whereAndSymptomsSteps('saved'),
    // Scores (arriving from abroad counts as that exposure), stores, receipt and advice, staff notice when high.
    { kind: 'action', id: 'saved', action: 'saveEntryDeclaration' },
    { kind: 'end', id: 'done' },
  ],
};
