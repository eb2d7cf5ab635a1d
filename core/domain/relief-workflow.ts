import type { ReliefRequest, ReliefRequestStatus } from '../db/schema.js';

/** What an officer may do to a request, from which states: submitted → verified → approved → delivered | rejected. */
export const RELIEF_ACTIONS = {
  verify: { from: ['submitted'], to: 'verified' },
  approve: { from: ['verified'], to: 'approved' },
  deliver: { from: ['approved'], to: 'delivered' },
  // Delivered goods cannot be taken back, so a delivered request is never rejected.
  reject: { from: ['submitted', 'verified', 'approved'], to: 'rejected' },
} as const satisfies Record<string, { from: readonly ReliefRequestStatus[]; to: ReliefRequestStatus }>;

export type ReliefAction = keyof typeof RELIEF_ACTIONS;

/** Statuses a household is still waiting in. */
export const RELIEF_PENDING_STATUSES: readonly ReliefRequestStatus[] = ['submitted', 'verified', 'approved'];

/** The i18n key and values that tell a household its request's state (the "TT" reply and each notice alike). */
export function reliefStateText(request: ReliefRequest): { key: string; vars: Record<string, string | number> } {
  return {
    key: `relief:state.${request.status}`,
    vars: { number: request.number, reason: request.rejectReason ?? '' },
  };
}
