import type { FlowDefinition, FlowStep } from '../core/dialogs/flow.js';

/**
 * A site near the ward with free places, then one of its slots (both only what is open and not full when asked), and
 * the slot's words for the confirmation; the calling flow has `noSites` and `siteFull` steps for the empty cases.
 */
const SITE_AND_SLOT: readonly FlowStep[] = [
  {
    kind: 'ask',
    id: 'site',
    prompt: 'vaccination:ask.site',
    saveAs: 'siteId',
    answer: { type: 'pick', source: 'vaccinationSites', whenEmpty: 'noSites' },
  },
  {
    kind: 'ask',
    id: 'slot',
    prompt: 'vaccination:ask.slot',
    saveAs: 'slotId',
    answer: { type: 'pick', source: 'vaccinationSlots', whenEmpty: 'siteFull' },
  },
  { kind: 'action', id: 'slotLabel', action: 'describeSlot' },
];

/**
 * Vaccination sign-up, for oneself or for someone else (a son for his mother, a ward officer for many people): the
 * phone that signs up gets the messages, the vaccinated person's own details are recorded. The ID number is checked,
 * then only kept encrypted. A place is taken only at "confirm"; a slot that filled meanwhile asks for another.
 */
export const vaccinationFlow: FlowDefinition = {
  id: 'vaccination',
  trigger: { keywords: ['tiem chung', 'dang ky tiem', 'vaccine'] },
  steps: [
    {
      kind: 'ask',
      id: 'whom',
      prompt: 'vaccination:ask.whom',
      answer: {
        type: 'choice',
        options: [
          { value: 'self', label: 'vaccination:whom.self', synonyms: ['toi', 'cho toi', 'ban than', 'myself'] },
          {
            value: 'other',
            label: 'vaccination:whom.other',
            synonyms: ['nguoi khac', 'nguoi than', 'cho nguoi khac', 'someone else', 'other'],
          },
        ],
      },
    },
    {
      kind: 'ask',
      id: 'fullName',
      prompt: 'vaccination:ask.fullName',
      answer: { type: 'text', minLength: 2, maxLength: 100 },
    },
    {
      kind: 'ask',
      id: 'birthYear',
      prompt: 'vaccination:ask.birthYear',
      answer: { type: 'number', min: 1900, max: 2100, integer: true },
    },
    {
      kind: 'action',
      id: 'birthYearCheck',
      action: 'checkBirthYear',
      next: { on: 'birthYearCheck', cases: { future: 'futureYear' }, otherwise: 'idNumber' },
    },
    { kind: 'say', id: 'futureYear', text: 'vaccination:futureYear', next: 'birthYear' },
    {
      kind: 'ask',
      id: 'idNumber',
      prompt: 'vaccination:ask.idNumber',
      answer: { type: 'text', minLength: 1, maxLength: 40 },
    },
    {
      kind: 'action',
      id: 'idCheck',
      action: 'checkNationalId',
      next: {
        on: 'idCheck',
        cases: { ok: 'priorityGroup', length: 'idLength', province: 'idProvince', birthYear: 'idBirthYear' },
      },
    },
    { kind: 'say', id: 'idLength', text: 'vaccination:badId.length', next: 'idNumber' },
    { kind: 'say', id: 'idProvince', text: 'vaccination:badId.province', next: 'idNumber' },
    { kind: 'say', id: 'idBirthYear', text: 'vaccination:badId.birthYear', next: 'idNumber' },
    {
      kind: 'ask',
      id: 'priorityGroup',
      prompt: 'vaccination:ask.priorityGroup',
      answer: { type: 'pick', source: 'vaccinationGroups', whenEmpty: 'dose' },
    },
    {
      kind: 'ask',
      id: 'dose',
      prompt: 'vaccination:ask.dose',
      answer: {
        type: 'choice',
        options: [
          { value: '1', label: 'vaccination:dose.first', synonyms: ['mui 1', 'mot', 'dau tien', 'first'] },
          { value: '2', label: 'vaccination:dose.second', synonyms: ['mui 2', 'hai', 'second'] },
          { value: '3', label: 'vaccination:dose.booster', synonyms: ['mui 3', 'ba', 'nhac lai', 'booster', 'third'] },
        ],
      },
      next: { on: 'dose', cases: { '1': 'ward' }, otherwise: 'previousVaccine' },
    },
    {
      kind: 'ask',
      id: 'previousVaccine',
      prompt: 'vaccination:ask.previousVaccine',
      answer: { type: 'pick', source: 'vaccinationVaccines', whenEmpty: 'ward' },
    },
    { kind: 'flow', id: 'ward', flow: 'ward', returns: ['wardCode'] },
    ...SITE_AND_SLOT,
    {
      kind: 'ask',
      id: 'confirm',
      prompt: 'vaccination:ask.confirm',
      answer: { type: 'yesNo' },
      next: { on: 'confirm', cases: { yes: 'book', no: 'notBooked' } },
    },
    {
      kind: 'action',
      id: 'book',
      action: 'bookVaccination',
      next: { on: 'book', cases: { ok: 'another', alreadyRegistered: 'already' }, otherwise: 'slotGone' },
    },
    { kind: 'say', id: 'slotGone', text: 'vaccination:slotGone', next: 'site' },
    { kind: 'say', id: 'already', text: 'vaccination:already', next: 'another' },
    { kind: 'say', id: 'notBooked', text: 'vaccination:notBooked', next: 'another' },
    {
      kind: 'ask',
      id: 'another',
      prompt: 'vaccination:ask.another',
      answer: { type: 'yesNo' },
      next: { on: 'another', cases: { yes: 'whom', no: 'done' } },
    },
    { kind: 'say', id: 'siteFull', text: 'vaccination:siteFull', next: 'site' },
    { kind: 'say', id: 'noSites', text: 'vaccination:noSites', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};

/** "HUY LICH": cancel one of the bookings this phone made; its place is freed at once. ("HUY" alone is the opt-out.) */
export const vaccinationCancelFlow: FlowDefinition = {
  id: 'vaccination-cancel',
  trigger: { keywords: ['huy lich', 'huy tiem'] },
  steps: [
    {
      kind: 'ask',
      id: 'booking',
      prompt: 'vaccination:ask.cancelWhich',
      saveAs: 'bookingId',
      answer: { type: 'pick', source: 'vaccinationBookings', whenEmpty: 'none' },
    },
    {
      kind: 'ask',
      id: 'confirm',
      prompt: 'vaccination:ask.cancelConfirm',
      answer: { type: 'yesNo' },
      next: { on: 'confirm', cases: { yes: 'cancel', no: 'kept' } },
    },
    {
      kind: 'action',
      id: 'cancel',
      action: 'cancelVaccination',
      next: { on: 'cancel', cases: { ok: 'cancelled' }, otherwise: 'none' },
    },
    { kind: 'say', id: 'cancelled', text: 'vaccination:cancelled', next: 'done' },
    { kind: 'say', id: 'kept', text: 'vaccination:kept', next: 'done' },
    { kind: 'say', id: 'none', text: 'vaccination:noBooking', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};

/** "DOI LICH": move one of the bookings this phone made to another slot; it stays where it was until the new one is taken. */
export const vaccinationChangeFlow: FlowDefinition = {
  id: 'vaccination-change',
  trigger: { keywords: ['doi lich', 'doi lich tiem'] },
  steps: [
    {
      kind: 'ask',
      id: 'booking',
      prompt: 'vaccination:ask.changeWhich',
      saveAs: 'bookingId',
      answer: { type: 'pick', source: 'vaccinationBookings', whenEmpty: 'none' },
    },
    { kind: 'action', id: 'wardCode', action: 'bookingWard' },
    ...SITE_AND_SLOT,
    {
      kind: 'ask',
      id: 'confirm',
      prompt: 'vaccination:ask.changeConfirm',
      answer: { type: 'yesNo' },
      next: { on: 'confirm', cases: { yes: 'change', no: 'kept' } },
    },
    {
      kind: 'action',
      id: 'change',
      action: 'changeVaccination',
      next: { on: 'change', cases: { ok: 'done', noSlot: 'none' }, otherwise: 'slotGone' },
    },
    { kind: 'say', id: 'slotGone', text: 'vaccination:slotGone', next: 'site' },
    { kind: 'say', id: 'siteFull', text: 'vaccination:siteFull', next: 'site' },
    { kind: 'say', id: 'noSites', text: 'vaccination:noSites', next: 'done' },
    { kind: 'say', id: 'kept', text: 'vaccination:kept', next: 'done' },
    { kind: 'say', id: 'none', text: 'vaccination:noBooking', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};

/** Started by the service on day 1 and day 7 after a shot (answers: registrationId, day, fullName). */
export const vaccinationFollowupFlow: FlowDefinition = {
  id: 'vaccination-followup',
  steps: [
    {
      kind: 'ask',
      id: 'reaction',
      prompt: 'vaccination:followup.ask',
      answer: {
        type: 'choice',
        options: [
          { value: 'none', label: 'vaccination:followup.none', synonyms: ['khong', 'binh thuong', 'on', 'fine', 'no'] },
          { value: 'mild', label: 'vaccination:followup.mild', synonyms: ['nhe', 'sot nhe', 'dau tay', 'mild'] },
          { value: 'severe', label: 'vaccination:followup.severe', synonyms: ['nang', 'kho tho', 'severe', 'serious'] },
        ],
      },
    },
    {
      kind: 'action',
      id: 'recorded',
      action: 'recordReaction',
      next: { on: 'recorded', cases: { severe: 'severeAdvice', mild: 'mildAdvice' }, otherwise: 'thanks' },
    },
    { kind: 'say', id: 'severeAdvice', text: 'vaccination:followup.severeAdvice', next: 'done' },
    { kind: 'say', id: 'mildAdvice', text: 'vaccination:followup.mildAdvice', next: 'done' },
    { kind: 'say', id: 'thanks', text: 'vaccination:followup.thanks', next: 'done' },
    { kind: 'end', id: 'done' },
  ],
};
