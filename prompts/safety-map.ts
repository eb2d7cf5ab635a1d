import type { FlowDefinition } from '../core/dialogs/flow.js';

/**
 * "MNC" (the menu's risk item tells it), "mức nguy cơ", "risk level": the level in force in the citizen's ward,
 * asked once with the ward picker and remembered.
 */
export const riskLevelFlow: FlowDefinition = {
  id: 'riskLevel',
  trigger: { keywords: ['mnc', 'muc nguy co', 'risk level'] },
  steps: [
    {
      kind: 'action',
      id: 'ward',
      action: 'prefillWard',
      next: { on: 'ward', cases: { known: 'tell' }, otherwise: 'pickWard' },
    },
    { kind: 'flow', id: 'pickWard', flow: 'ward', returns: ['wardCode'] },
    { kind: 'action', id: 'tell', action: 'tellWardRisk' },
  ],
};

/** A venue owner's daily safety self-check (started each morning by the service, or "tu kiem tra"). */
export const selfCheckFlow: FlowDefinition = {
  id: 'selfCheck',
  trigger: { keywords: ['tu kiem tra', 'self check', 'selfcheck'] },
  steps: [
    {
      kind: 'ask',
      id: 'venueId',
      prompt: 'safety:pickVenue',
      answer: { type: 'pick', source: 'ownedVenues', whenEmpty: 'notOwner' },
    },
    { kind: 'ask', id: 'masks', prompt: 'safety:checks.masks', answer: { type: 'yesNo' } },
    { kind: 'ask', id: 'distancing', prompt: 'safety:checks.distancing', answer: { type: 'yesNo' } },
    { kind: 'ask', id: 'disinfection', prompt: 'safety:checks.disinfection', answer: { type: 'yesNo' } },
    { kind: 'ask', id: 'qrDisplayed', prompt: 'safety:checks.qrDisplayed', answer: { type: 'yesNo' } },
    { kind: 'action', id: 'save', action: 'saveVenueSelfCheck' },
    { kind: 'say', id: 'thanks', text: 'safety:selfCheckSaved', next: 'done' },
    { kind: 'say', id: 'notOwner', text: 'safety:notOwner' },
    { kind: 'end', id: 'done' },
  ],
};

/** A citizen's report about a venue: "PA <code> <text>" by SMS, or "phản ánh" and then code and text asked in turn. */
export const venueReportFlow: FlowDefinition = {
  id: 'venueReport',
  trigger: { keywords: ['pa', 'phan anh'], argumentAs: 'report' },
  steps: [
    {
      kind: 'action',
      id: 'file',
      action: 'fileVenueReport',
      next: { on: 'file', cases: { missingCode: 'askCode', missingText: 'askText' }, otherwise: 'done' },
    },
    {
      kind: 'ask',
      id: 'askCode',
      prompt: 'checkin:askCode',
      answer: { type: 'text', minLength: 6, maxLength: 7 },
      saveAs: 'venueCode',
      next: 'file',
    },
    {
      kind: 'ask',
      id: 'askText',
      prompt: 'safety:askReportText',
      answer: { type: 'text', minLength: 3, maxLength: 1000 },
      saveAs: 'reportText',
      next: 'file',
    },
    { kind: 'end', id: 'done' },
  ],
};
