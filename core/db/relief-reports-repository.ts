import { aliasedTable, and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import {
  type ReliefItem,
  type ReliefRequestStatus,
  reliefDepots,
  reliefDuplicateReviews,
  reliefHouseholds,
  reliefIssues,
  reliefRequests,
} from './schema.js';

/** Aggregate figures of a round, safe to publish: counts and quantities, nothing about any household. */
export interface RoundTotals {
  requests: number;
  byStatus: Partial<Record<ReliefRequestStatus, number>>;
  itemsDelivered: Partial<Record<ReliefItem, number>>;
}

/** Counts of a round's requests by status (second requests of a household not counted) and goods delivered. */
export async function roundTotals(db: Database, roundId: string): Promise<RoundTotals> {
  const statuses = await db
    .select({ status: reliefRequests.status, n: sql<number>`count(*)::int` })
    .from(reliefRequests)
    .where(and(eq(reliefRequests.roundId, roundId), isNull(reliefRequests.attachedTo)))
    .groupBy(reliefRequests.status);
  const items = await db
    .select({ item: reliefIssues.item, quantity: sql<number>`sum(${reliefIssues.quantity})::int` })
    .from(reliefIssues)
    .innerJoin(reliefRequests, eq(reliefRequests.id, reliefIssues.requestId))
    .where(eq(reliefRequests.roundId, roundId))
    .groupBy(reliefIssues.item);
  return {
    requests: statuses.reduce((sum, row) => sum + row.n, 0),
    byStatus: Object.fromEntries(statuses.map((row) => [row.status, row.n])),
    itemsDelivered: Object.fromEntries(items.map((row) => [row.item, row.quantity])),
  };
}

/**
 * Vulnerable households of the ward (elders, small children, disability, pregnancy, or on an imported list) that got
 * nothing in this round, whether they asked or not — the ones a ward officer should visit.
 */
export async function coverageGaps(db: Database, wardCode: string, roundId: string) {
  const roundRequest = aliasedTable(reliefRequests, 'round_request');
  return db
    .select({
      household: reliefHouseholds,
      requestId: roundRequest.id,
      requestNumber: roundRequest.number,
      requestStatus: roundRequest.status,
    })
    .from(reliefHouseholds)
    .leftJoin(
      roundRequest,
      and(
        eq(roundRequest.householdId, reliefHouseholds.id),
        eq(roundRequest.roundId, roundId),
        isNull(roundRequest.attachedTo),
      ),
    )
    .where(
      and(
        eq(reliefHouseholds.wardCode, wardCode),
        sql`(${reliefHouseholds.listed} or ${reliefHouseholds.over60} + ${reliefHouseholds.under6} + ${reliefHouseholds.disabled} + ${reliefHouseholds.pregnant} > 0)`,
        sql`${roundRequest.status} is distinct from 'delivered'`,
      ),
    )
    .orderBy(asc(reliefHouseholds.createdAt))
    .limit(5000);
}

/** The ward's suspected duplicates (same address, another phone), undecided first. */
export async function duplicateReviews(db: Database, wardCode: string) {
  const other = aliasedTable(reliefHouseholds, 'matches');
  return db
    .select({ review: reliefDuplicateReviews, household: reliefHouseholds, matches: other })
    .from(reliefDuplicateReviews)
    .innerJoin(reliefHouseholds, eq(reliefHouseholds.id, reliefDuplicateReviews.householdId))
    .innerJoin(other, eq(other.id, reliefDuplicateReviews.matchesHouseholdId))
    .where(eq(reliefDuplicateReviews.wardCode, wardCode))
    .orderBy(sql`${reliefDuplicateReviews.decision} is not null`, asc(reliefDuplicateReviews.createdAt))
    .limit(1000);
}

/** Second requests of a household in a round, each with the request it was attached to. */
export async function attachedRequests(db: Database, roundId: string) {
  return db
    .select({
      number: reliefRequests.number,
      attachedTo: reliefRequests.attachedTo,
      householdId: reliefRequests.householdId,
      createdAt: reliefRequests.createdAt,
    })
    .from(reliefRequests)
    .where(and(eq(reliefRequests.roundId, roundId), isNotNull(reliefRequests.attachedTo)))
    .orderBy(reliefRequests.number)
    .limit(5000);
}

/** Records an officer's decision on a suspected duplicate; undefined when it is not this ward's or already decided. */
export async function decideDuplicate(
  db: Database,
  wardCode: string,
  id: string,
  decision: 'same' | 'different',
  by: string,
) {
  const [row] = await db
    .update(reliefDuplicateReviews)
    .set({ decision, decidedBy: by, decidedAt: sql`now()` })
    .where(
      and(
        eq(reliefDuplicateReviews.id, id),
        eq(reliefDuplicateReviews.wardCode, wardCode),
        isNull(reliefDuplicateReviews.decision),
      ),
    )
    .returning();
  return row;
}

/** One page of a round's issued goods for the export, keyset by issue id. */
export async function deliveryExportPage(db: Database, roundId: string, afterId: string | undefined, limit: number) {
  return db
    .select({
      issueId: reliefIssues.id,
      requestNumber: reliefRequests.number,
      deliveredAt: reliefRequests.deliveredAt,
      deliveredBy: reliefRequests.deliveredBy,
      headName: reliefHouseholds.headName,
      phone: reliefHouseholds.phone,
      address: reliefHouseholds.address,
      depot: reliefDepots.name,
      item: reliefIssues.item,
      quantity: reliefIssues.quantity,
    })
    .from(reliefIssues)
    .innerJoin(reliefRequests, eq(reliefRequests.id, reliefIssues.requestId))
    .innerJoin(reliefHouseholds, eq(reliefHouseholds.id, reliefRequests.householdId))
    .innerJoin(reliefDepots, eq(reliefDepots.id, reliefIssues.depotId))
    .where(and(eq(reliefRequests.roundId, roundId), afterId ? gt(reliefIssues.id, afterId) : undefined))
    .orderBy(reliefIssues.id)
    .limit(limit);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The "relief" cohort (ref = round id): the people who asked in a round, each once with their request's number and
 * state as message parameters, in keyset pages by person id. A ref that is no round id is an empty cohort.
 */
export async function reliefRoundCohort(db: Database, roundId: string, afterPersonId: string | null, limit: number) {
  if (!UUID.test(roundId)) return [];
  const rows = await db
    .selectDistinctOn([reliefRequests.personId], {
      personId: sql<string>`${reliefRequests.personId}`,
      number: reliefRequests.number,
      status: reliefRequests.status,
    })
    .from(reliefRequests)
    .where(
      and(
        eq(reliefRequests.roundId, roundId),
        isNull(reliefRequests.attachedTo),
        isNotNull(reliefRequests.personId),
        afterPersonId ? gt(reliefRequests.personId, afterPersonId) : undefined,
      ),
    )
    .orderBy(reliefRequests.personId, reliefRequests.number)
    .limit(limit);
  return rows.map((row) => ({
    personId: row.personId,
    params: { requestNumber: String(row.number), requestStatus: row.status },
  }));
}
