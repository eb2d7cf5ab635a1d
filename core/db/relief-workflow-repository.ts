import { and, eq, inArray, sql } from 'drizzle-orm';
import { RELIEF_ACTIONS } from '../domain/relief-workflow.js';
import type { Database } from './database.js';
import { type ReliefRequest, reliefRequests } from './schema.js';

/** Verifies, approves or rejects a request; undefined when its current state does not allow it (the caller says 409). */
export async function decideReliefRequest(
  db: Database,
  id: string,
  decision: { action: 'verify' | 'approve'; by: string } | { action: 'reject'; by: string; reason: string },
): Promise<ReliefRequest | undefined> {
  const rule = RELIEF_ACTIONS[decision.action];
  const who =
    decision.action === 'reject'
      ? { rejectedBy: decision.by, rejectReason: decision.reason }
      : decision.action === 'verify'
        ? { verifiedBy: decision.by }
        : { approvedBy: decision.by };
  // The state check is part of the UPDATE, so two officers acting at once cannot both move the request.
  const [row] = await db
    .update(reliefRequests)
    .set({ status: rule.to, ...who, updatedAt: sql`now()` })
    .where(and(eq(reliefRequests.id, id), inArray(reliefRequests.status, [...rule.from])))
    .returning();
  return row;
}
