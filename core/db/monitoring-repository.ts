import { and, asc, desc, eq, gt, isNull, lt, lte, sql } from 'drizzle-orm';
import type { MonitoringAlert, Reading } from '../domain/monitoring-alerts.js';
import type { CohortSource } from './cohort-sources.js';
import type { Database } from './database.js';
import { type MonitoringCase, type MonitoringCheck, monitoringCases, monitoringChecks } from './schema.js';

export type NewMonitoringCase = Pick<
  typeof monitoringCases.$inferInsert,
  'personId' | 'kind' | 'wardCode' | 'startDate' | 'endDate' | 'createdBy'
>;

/** Puts a person under home monitoring; undefined when they already have an active case. */
export async function startMonitoring(db: Database, input: NewMonitoringCase): Promise<MonitoringCase | undefined> {
  const [row] = await db.insert(monitoringCases).values(input).onConflictDoNothing().returning();
  return row;
}

export async function findMonitoringCase(db: Database, id: string): Promise<MonitoringCase | undefined> {
  const [row] = await db.select().from(monitoringCases).where(eq(monitoringCases.id, id));
  return row;
}

/** The person's running case, if any (a daily check answer belongs to it). */
export async function activeCaseOfPerson(db: Database, personId: string): Promise<MonitoringCase | undefined> {
  const [row] = await db
    .select()
    .from(monitoringCases)
    .where(and(eq(monitoringCases.personId, personId), eq(monitoringCases.status, 'active')));
  return row;
}

/** Ends an active case; undefined when it was not active (already ended). */
export async function endMonitoring(
  db: Database,
  id: string,
  endedBy: string,
  now: Date,
): Promise<MonitoringCase | undefined> {
  const [row] = await db
    .update(monitoringCases)
    .set({ status: 'ended', endedBy, endedAt: now })
    .where(and(eq(monitoringCases.id, id), eq(monitoringCases.status, 'active')))
    .returning();
  return row;
}

/** Cases, newest first, optionally of a ward and a status. */
export async function listMonitoringCases(
  db: Database,
  filter: { wardCode?: string; status?: MonitoringCase['status'] },
  limit: number,
): Promise<MonitoringCase[]> {
  return db
    .select()
    .from(monitoringCases)
    .where(
      and(
        filter.wardCode ? eq(monitoringCases.wardCode, filter.wardCode) : undefined,
        filter.status ? eq(monitoringCases.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(monitoringCases.createdAt))
    .limit(limit);
}

/** Active cases that have started by `today` (Vietnam date): the daily run asks or closes each. */
export async function activeCasesStartedBy(db: Database, today: string): Promise<MonitoringCase[]> {
  return db
    .select()
    .from(monitoringCases)
    .where(and(eq(monitoringCases.status, 'active'), lte(monitoringCases.startDate, today)))
    .orderBy(asc(monitoringCases.id));
}

/** Records that a day's question was sent; undefined when it already was (a re-run of the daily job). */
export async function openCheck(
  db: Database,
  caseId: string,
  checkDate: string,
  now: Date,
): Promise<MonitoringCheck | undefined> {
  const [row] = await db
    .insert(monitoringChecks)
    .values({ caseId, checkDate, askedAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Marks an unanswered check reminded (or missed); undefined when it was answered meanwhile or already marked. */
export async function markUnanswered(
  db: Database,
  checkId: string,
  stage: 'remindedAt' | 'missedAt',
  now: Date,
): Promise<MonitoringCheck | undefined> {
  const [row] = await db
    .update(monitoringChecks)
    .set({ [stage]: now })
    .where(and(eq(monitoringChecks.id, checkId), isNull(monitoringChecks.answeredAt), isNull(monitoringChecks[stage])))
    .returning();
  return row;
}

/** Stores a day's readings and the alert they raised (a second answer the same day replaces the first). */
export async function recordReading(
  db: Database,
  input: { caseId: string; checkDate: string; reading: Reading; otherSymptoms: string | null; alert: MonitoringAlert },
  now: Date,
): Promise<MonitoringCheck> {
  const values = {
    ...input.reading,
    otherSymptoms: input.otherSymptoms,
    alertLevel: input.alert.level,
    alertReasons: input.alert.reasons,
    answeredAt: now,
  };
  const [row] = await db
    .insert(monitoringChecks)
    .values({ caseId: input.caseId, checkDate: input.checkDate, askedAt: now, ...values })
    .onConflictDoUpdate({ target: [monitoringChecks.caseId, monitoringChecks.checkDate], set: values })
    .returning();
  if (!row) throw new Error('upsert into monitoring_checks returned no row');
  return row;
}

/** Answered readings before a day, newest first (for rules over several days and for staff notices). */
export async function readingsBefore(
  db: Database,
  caseId: string,
  checkDate: string,
  limit: number,
): Promise<MonitoringCheck[]> {
  return db
    .select()
    .from(monitoringChecks)
    .where(
      and(
        eq(monitoringChecks.caseId, caseId),
        lt(monitoringChecks.checkDate, checkDate),
        sql`${monitoringChecks.answeredAt} is not null`,
      ),
    )
    .orderBy(desc(monitoringChecks.checkDate))
    .limit(limit);
}

/** Every day of a case, oldest first. */
export async function listChecks(db: Database, caseId: string): Promise<MonitoringCheck[]> {
  return db
    .select()
    .from(monitoringChecks)
    .where(eq(monitoringChecks.caseId, caseId))
    .orderBy(asc(monitoringChecks.checkDate));
}

/** A check and its case (a delayed reminder job holds only the check id). */
export async function findCheckWithCase(
  db: Database,
  checkId: string,
): Promise<{ check: MonitoringCheck; monitored: MonitoringCase } | undefined> {
  const [row] = await db
    .select({ check: monitoringChecks, monitored: monitoringCases })
    .from(monitoringChecks)
    .innerJoin(monitoringCases, eq(monitoringCases.id, monitoringChecks.caseId))
    .where(eq(monitoringChecks.id, checkId));
  return row;
}

/**
 * The campaign cohort "monitoring": people under active home monitoring in the ward `ref` ("all": every ward), with
 * their planned end date as the message parameter `endDate` (DD/MM/YYYY).
 */
export const monitoredCohort: CohortSource = async (db, ref, afterPersonId, limit) => {
  const rows = await db
    .select({ personId: monitoringCases.personId, endDate: monitoringCases.endDate })
    .from(monitoringCases)
    .where(
      and(
        eq(monitoringCases.status, 'active'),
        ref === 'all' ? undefined : eq(monitoringCases.wardCode, ref),
        afterPersonId ? gt(monitoringCases.personId, afterPersonId) : undefined,
      ),
    )
    .orderBy(asc(monitoringCases.personId))
    .limit(limit);
  return rows.map((row) => ({
    personId: row.personId,
    params: { endDate: row.endDate.split('-').reverse().join('/') },
  }));
};
