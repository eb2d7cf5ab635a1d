import { type SQL, sql } from 'drizzle-orm';
import { addDays } from '../domain/vietnam-date.js';
import type { Database } from './database.js';
import { activeCaseFacts, inWards, type WardScope } from './monitoring-board-repository.js';
import { rawRows } from './raw-rows.js';

/** Days of the overview's charts, today included. */
export const SERIES_DAYS = 14;

/** One ward's count on one Vietnam day. */
export interface DayCount {
  ward: string | null;
  day: string;
  declarations?: number;
  highRisk?: number;
  checkins?: number;
}

export interface OverviewFigures {
  monitoring: { active: number; overdue: number };
  vaccination: { bookedToday: number; upcoming: number };
  relief: { submitted: number; verified: number; approved: number };
  /** Declarations (with high-risk) and check-ins per ward and day over the series' days. */
  declarationDays: DayCount[];
  checkinDays: DayCount[];
}

// Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset needs no time-zone data (PGlite has none).
const vietnamMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);
const vietnamDay = (column: SQL) => sql`to_char(${column} at time zone 'UTC' + interval '7 hours', 'YYYY-MM-DD')`;

interface DayRow {
  ward: string | null;
  day: string;
  total: string;
  high?: string;
}

/**
 * The overview's figures for the Vietnam day `today` in these wards: one aggregate query per figure group, each over
 * an indexed range (declarations by created_at, check-ins by their day partitions, slots by start time).
 */
export async function overviewFigures(db: Database, wards: WardScope, today: string): Promise<OverviewFigures> {
  const from = vietnamMidnight(addDays(today, 1 - SERIES_DAYS));
  const tomorrow = vietnamMidnight(addDays(today, 1));
  const [declarationRows, checkinRows, monitoring, vaccination, relief] = await Promise.all([
    rawRows<DayRow>(
      db,
      sql`select ward_code as ward, ${vietnamDay(sql`created_at`)} as day, count(*) as total,
          count(*) filter (where risk_level = 'high') as high
        from declarations
        where created_at >= ${from} and created_at < ${tomorrow} and ${inWards(sql`ward_code`, wards)}
        group by 1, 2`,
    ),
    // The venue's ward: a check-in counts where it happened. The range on checked_in_at prunes to 14 partitions.
    rawRows<DayRow>(
      db,
      sql`select v.ward_code as ward, ${vietnamDay(sql`k.checked_in_at`)} as day, count(*) as total
        from checkins k join venues v on v.id = k.venue_id
        where k.checked_in_at >= ${from} and k.checked_in_at < ${tomorrow} and ${inWards(sql`v.ward_code`, wards)}
        group by 1, 2`,
    ),
    rawRows<{ active: string; overdue: string }>(
      db,
      sql`select count(*) as active, count(*) filter (where overdue) as overdue from (${activeCaseFacts(wards)}) f`,
    ),
    // Booked or already done today; still booked for a later day.
    rawRows<{ today: string; upcoming: string }>(
      db,
      sql`select
          count(*) filter (where s.starts_at < ${tomorrow} and r.status in ('booked', 'done')) as today,
          count(*) filter (where s.starts_at >= ${tomorrow} and r.status = 'booked') as upcoming
        from vaccination_slots s
        join vaccination_sites site on site.id = s.site_id
        join vaccination_registrations r on r.slot_id = s.id
        where s.starts_at >= ${vietnamMidnight(today)} and ${inWards(sql`site.ward_code`, wards)}`,
    ),
    rawRows<{ submitted: string; verified: string; approved: string }>(
      db,
      sql`select count(*) filter (where q.status = 'submitted') as submitted,
          count(*) filter (where q.status = 'verified') as verified,
          count(*) filter (where q.status = 'approved') as approved
        from relief_requests q join relief_rounds r on r.id = q.round_id
        where q.status in ('submitted', 'verified', 'approved') and ${inWards(sql`r.ward_code`, wards)}`,
    ),
  ]);
  const count = (value: string | undefined) => Number(value ?? 0);
  return {
    monitoring: { active: count(monitoring[0]?.active), overdue: count(monitoring[0]?.overdue) },
    vaccination: { bookedToday: count(vaccination[0]?.today), upcoming: count(vaccination[0]?.upcoming) },
    relief: {
      submitted: count(relief[0]?.submitted),
      verified: count(relief[0]?.verified),
      approved: count(relief[0]?.approved),
    },
    declarationDays: declarationRows.map((row) => ({
      ward: row.ward,
      day: row.day,
      declarations: count(row.total),
      highRisk: count(row.high),
    })),
    checkinDays: checkinRows.map((row) => ({ ward: row.ward, day: row.day, checkins: count(row.total) })),
  };
}
