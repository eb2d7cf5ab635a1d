import { sql } from 'drizzle-orm';
import { addDays } from '../domain/vietnam-date.js';
import type { Database } from './database.js';
import { rawRows } from './raw-rows.js';
import { sqlState } from './sql-state.js';

const PARTITION_NAME = /^checkins_p(\d{4})(\d{2})(\d{2})$/;

/** The partition holding check-ins of one Vietnam calendar day (YYYY-MM-DD). */
function checkinPartitionName(isoDate: string): string {
  return `checkins_p${isoDate.replaceAll('-', '')}`;
}

/**
 * Creates the daily partitions for `days` Vietnam days from `firstDate` on, where missing. Two processes doing it at
 * once is harmless: the loser's "already exists" is ignored.
 */
export async function ensureCheckinPartitions(db: Database, firstDate: string, days: number): Promise<void> {
  const existing = new Set(await listCheckinPartitions(db));
  for (let offset = 0; offset < days; offset += 1) {
    const date = addDays(firstDate, offset);
    if (existing.has(date)) continue;
    // Identifiers and bounds come from a validated ISO date, never from input; DDL takes no bind parameters.
    const statement = `create table if not exists "${checkinPartitionName(date)}" partition of checkins
      for values from ('${date} 00:00:00+07') to ('${addDays(date, 1)} 00:00:00+07')`;
    try {
      await db.execute(sql.raw(statement));
    } catch (error) {
      if (!isDuplicateTable(error)) throw error;
    }
  }
}

/** Drops every daily partition of a day before `keepFromDate`; returns the dates dropped. */
export async function dropCheckinPartitionsBefore(db: Database, keepFromDate: string): Promise<string[]> {
  const dropped: string[] = [];
  for (const date of await listCheckinPartitions(db)) {
    if (date >= keepFromDate) continue;
    await db.execute(sql.raw(`drop table if exists "${checkinPartitionName(date)}"`));
    dropped.push(date);
  }
  return dropped;
}

/** The Vietnam dates that have a check-in partition, oldest first. */
export async function listCheckinPartitions(db: Database): Promise<string[]> {
  const rows = await rawRows<{ name: string }>(
    db,
    sql`select child.relname as name from pg_inherits
        join pg_class parent on parent.oid = pg_inherits.inhparent
        join pg_class child on child.oid = pg_inherits.inhrelid
        where parent.relname = 'checkins' and parent.relnamespace = to_regnamespace(current_schema())`,
  );
  return rows
    .flatMap((row) => {
      const match = PARTITION_NAME.exec(row.name);
      return match ? [`${match[1]}-${match[2]}-${match[3]}`] : [];
    })
    .sort();
}

function isDuplicateTable(error: unknown): boolean {
  const code = sqlState(error);
  // 42P07: the table exists; 23505: a concurrent creator won the race on the catalog's unique index.
  return code === '42P07' || code === '23505';
}
