import { and, desc, eq, sql } from 'drizzle-orm';
import { type AreaScope, wardInScope } from './area-scope.js';
import type { Database } from './database.js';
import { type Case, type CaseVisit, cases, caseVisits } from './schema.js';

/** Registers a confirmed case for a person and their infectious period, with the matching rules in force. */
export async function createCase(
  db: Database,
  input: {
    personId: string;
    wardCode?: string | undefined;
    infectiousFrom: Date;
    infectiousTo: Date;
    createdBy: string;
    bufferMin: number;
    minOverlapMin: number;
  },
): Promise<Case> {
  const [row] = await db.insert(cases).values(input).returning();
  if (!row) throw new Error('insert into cases returned no row');
  return row;
}

/** The newest cases of the scope, optionally of one ward and status. */
export async function listCases(
  db: Database,
  filter: { scope: AreaScope; wardCode?: string | undefined; status?: Case['status'] | undefined },
  limit: number,
): Promise<Case[]> {
  return db
    .select()
    .from(cases)
    .where(
      and(
        wardInScope(cases.wardCode, filter.scope),
        filter.wardCode ? eq(cases.wardCode, filter.wardCode) : undefined,
        filter.status ? eq(cases.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
}

/** The case with this id, if any. */
export async function findCase(db: Database, id: string): Promise<Case | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

/** Adds a visit the case told staff about but did not check in to. */
export async function addCaseVisit(
  db: Database,
  input: { caseId: string; venueId: string; startedAt: Date; endedAt: Date; createdBy: string },
): Promise<CaseVisit> {
  const [row] = await db.insert(caseVisits).values(input).returning();
  if (!row) throw new Error('insert into case_visits returned no row');
  return row;
}

/** The staff-added visits of a case, in time order. */
export async function listCaseVisits(db: Database, caseId: string): Promise<CaseVisit[]> {
  return db.select().from(caseVisits).where(eq(caseVisits.caseId, caseId)).orderBy(caseVisits.startedAt);
}

/** Links an open case to the alert campaign sent about it; undefined when it was already alerted. */
export async function markCaseAlerted(db: Database, id: string, campaignId: string): Promise<Case | undefined> {
  const [row] = await db
    .update(cases)
    .set({ status: 'alerted', campaignId, updatedAt: sql`now()` })
    .where(and(eq(cases.id, id), eq(cases.status, 'open')))
    .returning();
  return row;
}
