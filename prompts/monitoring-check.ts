import type { FlowDefinition } from '../core/dialogs/flow.js';
import { SPO2_RANGE, TEMPERATURE_RANGE } from '../core/domain/quick-check.js';

/**
 * The daily check of someone isolating at home: started by the service every morning, or by the person with "SK". "SK 37.8 96" records temperature and SpO2 in one message.
 */
export const monitoringCheckFlow: FlowDefinition = {
  id: 'monitoringCheck',
  trigger: { keywords: ['sk', 'suc khoe', 'health check'], argumentAs: 'quick' },
  steps: [
    // "notMonitored", "quick" (a valid SK message, already read), "quickInvalid" or "ask".
    {
      kind: 'action',
      id: 'begin',
      action: 'beginDailyCheck',
      next: {
        on: 'begin',
        cases: { notMonitored: 'notMonitored', quick: 'save', quickInvalid: 'quickFormat' },
        otherwise: 'intro',
      },
    },
    { kind: 'say', id: 'notMonitored', text: 'monitoring:notMonitored', next: 'done' },
    { kind: 'say', id: 'quickFormat', text: 'monitoring:quickFormat', next: 'temperature' },
    { kind: 'say', id: 'intro', text: 'monitoring:intro' },
    {
      kind: 'ask',
      id: 'temperature',
      prompt: 'monitoring:temperature',
      answer: { type: 'number', ...TEMPERATURE_RANGE },
    },
    { kind: 'ask', id: 'spo2', prompt: 'monitoring:spo2', answer: { type: 'number', ...SPO2_RANGE, integer: true } },
    { kind: 'ask', id: 'breathingDifficulty', prompt: 'monitoring:breathingDifficulty', answer: { type: 'yesNo' } },
    { kind: 'ask', id: 'chestPain', prompt: 'monitoring:chestPain', answer: { type: 'yesNo' } },
    {
      kind: 'ask',
      id: 'otherAny',
      prompt: 'monitoring:otherAny',
      answer: { type: 'yesNo' },
      next: { on: 'otherAny', cases: { yes: 'otherSymptoms' }, otherwise: 'save' },
    },
    {
      kind: 'ask',
      id: 'otherSymptoms',
      prompt: 'monitoring:otherSymptoms',
      answer: { type: 'text', minLength: 2, maxLength: 200 },
    },
    // Stores the day's readings; tells ward staff on a warning or an emergency. Outcome: the alert level.
    {
      kind: 'action',
      id: 'save',
      action: 'saveDailyCheck',
      next: { on: 'save', cases: { emergency: 'emergency', warning: 'warning' }, otherwise: 'fine' },
    },
    { kind: 'say', id: 'emergency', text: 'monitoring:advice.emergency', next: 'done' },
    { kind: 'say', id: 'warning', text: 'monitoring:advice.warning', next: 'done' },
    { kind: 'say', id: 'fine', text: 'monitoring:advice.none', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};
