import { inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';
import { type AlertLevel, type MonitoringCase, monitoringCases } from './schema.js';

/** Wards a query is limited to; undefined means every ward (an admin's province-wide view). */
export type WardScope = readonly string[] | undefined;

/** A condition limiting a ward column to the scope. */
export function inWards(column: SQLWrapper, wards: WardScope): SQL {
  return wards === undefined ? sql`true` : inArray(column, [...wards]);
}

/**
 * Active cases with what their checks say. "Overdue" is defined here only: the latest check that went unanswered
 * past its reminder (reminded_at / missed_at, set by workers/monitoring-schedule.ts) is later than the latest answer.
 * Each case reads its own checks through the (case_id, check_date) unique index.
 */
export function activeCaseFacts(wards: WardScope): SQL {
  return sql`
    select c.id, c.person_id, c.kind, c.ward_code, c.start_date::text as start_date, c.end_date::text as end_date,
      s.last_answered::text as last_answered, latest.alert_level as last_alert, latest.alert_reasons as last_alert_reasons,
      coalesce(s.last_unanswered > coalesce(s.last_answered, '-infinity'::date), false) as overdue,
      coalesce(s.last_missed > coalesce(s.last_answered, '-infinity'::date), false) as escalated
    from ${monitoringCases} c
    left join lateral (
      select max(k.check_date) filter (where k.answered_at is not null) as last_answered,
        max(k.check_date) filter (
          where k.answered_at is null and (k.reminded_at is not null or k.missed_at is not null)
        ) as last_unanswered,
        max(k.check_date) filter (where k.answered_at is null and k.missed_at is not null) as last_missed
      from monitoring_checks k where k.case_id = c.id
    ) s on true
    left join lateral (
      select k.alert_level, k.alert_reasons from monitoring_checks k
      where k.case_id = c.id and k.answered_at is not null
      order by k.check_date desc limit 1
    ) latest on true
    where c.status = 'active' and ${inWards(sql`c.ward_code`, wards)}`;
}

export interface MonitoredPerson {
  caseId: string;
  personId: string;
  fullName: string | null;
  phone: string | null;
  kind: MonitoringCase['kind'];
  wardCode: string;
  startDate: string;
  endDate: string;
  lastAnswered: string | null;
  lastAlert: AlertLevel | null;
  lastAlertReasons: string[] | null;
  overdue: boolean;
  escalated: boolean;
}

interface FactRow {
  id: string;
  person_id: string;
  full_name: string | null;
  phone: string | null;
  kind: MonitoringCase['kind'];
  ward_code: string;
  start_date: string;
  end_date: string;
  last_answered: string | null;
  last_alert: AlertLevel | null;
  last_alert_reasons: string[] | null;
  overdue: boolean;
  escalated: boolean;
}

/** Everyone under active home monitoring in these wards, with their standing, by ward then name. */
export async function listMonitoredPeople(db: Database, wards: WardScope, limit: number): Promise<MonitoredPerson[]> {
  const rows = await rawRows<FactRow>(
    db,
    sql`select f.*, p.full_name, p.phone from (${activeCaseFacts(wards)}) f
      join people p on p.id = f.person_id
      order by f.ward_code, p.full_name nulls last, f.id
      limit ${limit}`,
  );
  return rows.map((row) => ({
    caseId: row.id,
    personId: row.person_id,
    fullName: row.full_name,
    phone: row.phone,
    kind: row.kind,
    wardCode: row.ward_code,
    startDate: row.start_date,
    endDate: row.end_date,
    lastAnswered: row.last_answered,
    lastAlert: row.last_alert,
    lastAlertReasons: row.last_alert_reasons,
    overdue: row.overdue,
    escalated: row.escalated,
  }));
}
