import type { FlowDefinition } from '../core/dialogs/flow.js';

/**
 * Essential-goods request of a household (CUU TRO over SMS, or the menu). Collects who, where, how many and how
 * vulnerable, the situation, the goods and the urgency, confirms, then stores it: a household asks once per round.
 */
export const reliefFlow: FlowDefinition = {
  id: 'relief',
  trigger: { keywords: ['cuu tro', 'cuutro', 'relief'] },
  steps: [
    { kind: 'ask', id: 'headName', prompt: 'relief:ask.name', answer: { type: 'text', minLength: 2, maxLength: 100 } },
    { kind: 'ask', id: 'phone', prompt: 'relief:ask.phone', answer: { type: 'phone' } },
    { kind: 'flow', id: 'ward', flow: 'ward', returns: ['wardCode'] },
    {
      kind: 'ask',
      id: 'address',
      prompt: 'relief:ask.address',
      answer: { type: 'text', minLength: 3, maxLength: 200 },
      reask: 'relief:reask.address',
    },
    {
      kind: 'action',
      id: 'addressCheck',
      action: 'checkReliefAddress',
      next: { on: 'addressCheck', cases: { ok: 'size' }, otherwise: 'address' },
    },
    {
      kind: 'ask',
      id: 'size',
      prompt: 'relief:ask.size',
      answer: { type: 'number', min: 1, max: 50, integer: true },
      reask: 'relief:reask.size',
    },
    { kind: 'ask', id: 'groupsText', prompt: 'relief:ask.groups', answer: { type: 'text', maxLength: 200 } },
    {
      kind: 'action',
      id: 'groupsRead',
      action: 'readReliefGroups',
      next: { on: 'groupsRead', cases: { ok: 'nextGroup', none: 'situationsText' }, otherwise: 'groupsText' },
    },
    // Asks a count for each group picked, one after the other, then checks none exceeds the household.
    {
      kind: 'action',
      id: 'nextGroup',
      action: 'nextReliefGroup',
      next: {
        on: 'nextGroup',
        cases: { over60: 'over60', under6: 'under6', disabled: 'disabled', pregnant: 'pregnant' },
        otherwise: 'membersCheck',
      },
    },
    {
      kind: 'ask',
      id: 'over60',
      prompt: 'relief:ask.over60',
      answer: { type: 'number', min: 1, max: 50, integer: true },
      next: 'nextGroup',
    },
    {
      kind: 'ask',
      id: 'under6',
      prompt: 'relief:ask.under6',
      answer: { type: 'number', min: 1, max: 50, integer: true },
      next: 'nextGroup',
    },
    {
      kind: 'ask',
      id: 'disabled',
      prompt: 'relief:ask.disabled',
      answer: { type: 'number', min: 1, max: 50, integer: true },
      next: 'nextGroup',
    },
    {
      kind: 'ask',
      id: 'pregnant',
      prompt: 'relief:ask.pregnant',
      answer: { type: 'number', min: 1, max: 50, integer: true },
      next: 'nextGroup',
    },
    {
      kind: 'action',
      id: 'membersCheck',
      action: 'checkReliefMembers',
      next: { on: 'membersCheck', cases: { ok: 'situationsText' }, otherwise: 'nextGroup' },
    },
    { kind: 'ask', id: 'situationsText', prompt: 'relief:ask.situations', answer: { type: 'text', maxLength: 200 } },
    {
      kind: 'action',
      id: 'situationsRead',
      action: 'readReliefSituations',
      next: { on: 'situationsRead', cases: { ok: 'itemsText' }, otherwise: 'situationsText' },
    },
    { kind: 'ask', id: 'itemsText', prompt: 'relief:ask.items', answer: { type: 'text', maxLength: 200 } },
    {
      kind: 'action',
      id: 'itemsRead',
      action: 'readReliefItems',
      next: { on: 'itemsRead', cases: { ok: 'urgency', other: 'otherItem' }, otherwise: 'itemsText' },
    },
    {
      kind: 'ask',
      id: 'otherItem',
      prompt: 'relief:ask.otherItem',
      answer: { type: 'text', minLength: 2, maxLength: 100 },
    },
    {
      kind: 'ask',
      id: 'urgency',
      prompt: 'relief:ask.urgency',
      answer: {
        type: 'choice',
        options: [
          { value: 'normal', label: 'relief:urgency.normal', synonyms: ['binh thuong', 'cho duoc', 'normal'] },
          { value: 'urgent', label: 'relief:urgency.urgent', synonyms: ['gap', 'urgent'] },
          { value: 'critical', label: 'relief:urgency.critical', synonyms: ['het', 'het gao', 'rat gap', 'khan cap'] },
        ],
      },
    },
    {
      kind: 'ask',
      id: 'confirm',
      prompt: 'relief:ask.confirm',
      answer: { type: 'yesNo' },
      next: { on: 'confirm', cases: { yes: 'submit', no: 'cancelled' } },
    },
    { kind: 'action', id: 'submit', action: 'submitRelief', next: 'done' },
    { kind: 'say', id: 'cancelled', text: 'relief:cancelled', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};

/** "TT" / "status": where the household's request stands. */
export const reliefStatusFlow: FlowDefinition = {
  id: 'relief-status',
  trigger: { keywords: ['tt', 'status', 'trang thai', 'tinh trang'] },
  steps: [{ kind: 'action', id: 'status', action: 'reliefStatus' }],
};
