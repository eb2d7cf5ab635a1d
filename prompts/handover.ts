import type { FlowDefinition } from '../core/dialogs/flow.js';

/**
 * "Gặp nhân viên" / "nhân viên" / "talk to a person" (or the menu's item): the conversation goes to the staff of the
 * citizen's ward, asked with the ward picker when the service does not know it. Until staff close it the bot stays
 * silent (core/dialogs/handover-turn.ts); "0" takes the citizen back to the menu.
 */
export const handoverFlow: FlowDefinition = {
  id: 'handover',
  trigger: { keywords: ['gap nhan vien', 'nhan vien', 'gap can bo', 'talk to a person', 'talk to staff', 'staff'] },
  steps: [
    {
      kind: 'action',
      id: 'ward',
      action: 'handoverWard',
      next: { on: 'ward', cases: { known: 'open' }, otherwise: 'needWard' },
    },
    { kind: 'say', id: 'needWard', text: 'handover:needWard' },
    { kind: 'flow', id: 'pickWard', flow: 'ward', returns: ['wardCode'] },
    { kind: 'action', id: 'open', action: 'openHandover' },
  ],
};
