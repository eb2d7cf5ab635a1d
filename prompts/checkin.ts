import type { FlowDefinition } from '../core/dialogs/flow.js';

/**
 * Venue check-in: "CI 123456" by SMS (also "CHECKIN 123456", "ci123456"), a scanned poster (Telegram
 * `/start ci_<token>`), or the menu, which asks for the code. Replies with a receipt; a repeat scan within
 * 10 minutes gets the same receipt.
 */
export const checkinFlow: FlowDefinition = {
  id: 'checkin',
  trigger: { keywords: ['ci', 'checkin', 'check in'], argumentAs: 'venueCode' },
  steps: [
    {
      kind: 'action',
      id: 'checkIn',
      action: 'checkInAtVenue',
      next: { on: 'checkIn', cases: { missing: 'askCode' }, otherwise: 'done' },
    },
    {
      kind: 'ask',
      id: 'askCode',
      prompt: 'checkin:askCode',
      answer: { type: 'text', minLength: 1, maxLength: 40 },
      saveAs: 'venueCode',
      next: 'checkIn',
    },
    { kind: 'end', id: 'done' },
  ],
};

/** Check-out: "CO" (or the receipt's words) ends the running stay; without it a stay lasts the default dwell. */
export const checkoutFlow: FlowDefinition = {
  id: 'checkout',
  trigger: { keywords: ['co', 'checkout', 'check out', 'roi di'] },
  steps: [{ kind: 'action', id: 'checkOut', action: 'checkOutOfVenue' }],
};

/**
 * A venue owner registers their place through the bot ("dang ky dia diem" would be taken by the global "dang ky", so
 * "DKDD" / "register venue"); staff confirm it with POST /api/v1/venues/:id/confirm before its code checks anyone in.
 */
export const venueRegistrationFlow: FlowDefinition = {
  id: 'venueRegistration',
  trigger: { keywords: ['dkdd', 'register venue'] },
  steps: [
    {
      kind: 'ask',
      id: 'venueName',
      prompt: 'checkin:registration.name',
      answer: { type: 'text', minLength: 2, maxLength: 120 },
    },
    {
      kind: 'ask',
      id: 'venueCategory',
      prompt: 'checkin:registration.category',
      answer: {
        type: 'choice',
        options: [
          { value: 'market', label: 'checkin:categories.market', synonyms: ['cho', 'market'] },
          { value: 'shop', label: 'checkin:categories.shop', synonyms: ['cua hang', 'tap hoa', 'shop'] },
          { value: 'restaurant', label: 'checkin:categories.restaurant', synonyms: ['quan an', 'nha hang', 'quan'] },
          { value: 'office', label: 'checkin:categories.office', synonyms: ['co quan', 'van phong', 'office'] },
          { value: 'other', label: 'checkin:categories.other', synonyms: ['khac', 'other'] },
        ],
      },
    },
    {
      kind: 'ask',
      id: 'venueAddress',
      prompt: 'checkin:registration.address',
      answer: { type: 'text', minLength: 5, maxLength: 200 },
    },
    { kind: 'flow', id: 'ward', flow: 'ward', returns: ['wardCode'] },
    { kind: 'action', id: 'register', action: 'registerOwnVenue' },
  ],
};
