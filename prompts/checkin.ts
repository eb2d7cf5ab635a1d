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
