// Exposure matching at scale: loads N check-ins into a fresh database and times the matching query for cases with
// 20 visits each.
// Usage: npm run bench:exposure -- [--checkins 10000000] [--venues 20000] [--days 21] [--cases 200] [--visits 20]
// The issue's size is the default; on a small machine pass a smaller --checkins and scale --venues with it (the
// default keeps 500 check-ins per venue over the period, i.e. the same density as 10M over 20,000 venues), since
// the cost of one match depends on how many check-ins share a venue and an hour, not on the table's size.
// Uses the local PostgreSQL (BENCH_DATABASE_URL's server) in a temporary database dropped at the end.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { ensureCheckinPartitions } from '../core/db/checkin-partitions.js';
import { openDatabase } from '../core/db/database.js';
import { findExposures } from '../core/db/exposure-query.js';
import { applyMigrations } from '../core/db/migrations-runner.js';
import { addDays } from '../core/domain/vietnam-date.js';
import { withDatabase } from '../test/support/database-url.js';

const { values } = parseArgs({
  options: {
    checkins: { type: 'string', default: '10000000' },
    venues: { type: 'string' },
    days: { type: 'string', default: '21' },
    cases: { type: 'string', default: '200' },
    visits: { type: 'string', default: '20' },
  },
});
const CHECKINS = Number(values.checkins);
const VENUES = Number(values.venues ?? Math.max(1, Math.round(CHECKINS / 500)));
const DAYS = Number(values.days);
const CASES = Number(values.cases);
const VISITS = Number(values.visits);
// About ten check-ins per person over the period.
const PEOPLE = Math.max(1, Math.round(CHECKINS / 10));
const FIRST_DAY = '2026-10-01';
const BATCH = 500_000;
const RULES = { bufferMin: 30, minOverlapMin: 0 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `bench_exposure_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const handle = await openDatabase({ url: withDatabase(adminUrl, name), dataDir: '.', poolSize: 2 });
  try {
    const db = handle.db;
    await applyMigrations(handle);
    await ensureCheckinPartitions(db, FIRST_DAY, DAYS + 1);
    console.log(
      `loading ${CHECKINS.toLocaleString('en')} check-ins, ${VENUES.toLocaleString('en')} venues, ${PEOPLE.toLocaleString('en')} people, ${DAYS} days…`,
    );
    const loadStarted = performance.now();
    // Deterministic ids (md5 of the index) let the check-ins name venues and people without a join.
    await db.execute(sql`insert into people (id, phone)
      select md5('p' || i)::uuid, '+849' || lpad(i::text, 8, '0') from generate_series(1, ${PEOPLE}::int) i`);
    await db.execute(sql`insert into venues (id, code, name, category, address, ward_code, status)
      select md5('v' || i)::uuid, (100000 + i)::text, 'Venue ' || i, 'shop', 'Street ' || i, '26734', 'open'
        from generate_series(1, ${VENUES}::int) i`);
    for (let done = 0; done < CHECKINS; done += BATCH) {
      const size = Math.min(BATCH, CHECKINS - done);
      await db.execute(sql`insert into checkins (venue_id, person_id, checked_in_at, ends_at, receipt_code, channel)
        select venue_id, person_id, t, t + make_interval(mins => 20 + floor(random() * 100)::int), 'BENCH1', 'sms'
          from (select md5('v' || (1 + floor(random() * ${VENUES}::int))::int)::uuid as venue_id,
                       md5('p' || (1 + floor(random() * ${PEOPLE}::int))::int)::uuid as person_id,
                       ${`${FIRST_DAY}T00:00:00+07:00`}::timestamptz
                         + make_interval(secs => floor(random() * ${DAYS * 86_400}::int)) as t
                  from generate_series(1, ${size}::int)) g`);
      process.stdout.write(
        `  ${(done + size).toLocaleString('en')} (${Math.round((performance.now() - loadStarted) / 1000)} s)\n`,
      );
    }
    // Cases: random people, infectious over the middle two weeks, 20 staff-added visits at random venues and hours.
    const periodFrom = `${addDays(FIRST_DAY, 3)}T00:00:00+07:00`;
    const periodTo = `${addDays(FIRST_DAY, DAYS - 3)}T00:00:00+07:00`;
    await db.execute(sql`insert into cases (id, person_id, infectious_from, infectious_to, created_by, buffer_min, min_overlap_min)
      select md5('c' || i)::uuid, md5('p' || (1 + floor(random() * ${PEOPLE}::int))::int)::uuid,
             ${periodFrom}::timestamptz, ${periodTo}::timestamptz, 'bench', ${RULES.bufferMin}::int, ${RULES.minOverlapMin}::int
        from generate_series(1, ${CASES}::int) i`);
    await db.execute(sql`insert into case_visits (case_id, venue_id, started_at, ended_at, created_by)
      select c.id, md5('v' || (1 + floor(random() * ${VENUES}::int))::int)::uuid, s, s + interval '1 hour', 'bench'
        from cases c cross join generate_series(1, ${VISITS}::int)
        cross join lateral (select c.infectious_from + make_interval(secs => floor(random() * ${(DAYS - 7) * 86_400}::int)) as s) v`);
    // What autovacuum does to append-only daily partitions: statistics and visibility maps (index-only scans).
    await db.execute(sql`vacuum analyze`);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    console.log(
      `loaded in ${loadSeconds.toFixed(0)} s (${Math.round(CHECKINS / loadSeconds).toLocaleString('en')} check-ins/s)`,
    );

    const caseIds = (await db.execute(sql`select id from cases order by id`)) as unknown as { rows: { id: string }[] };
    const ids = caseIds.rows.map((row) => row.id);
    // One warm-up pass over a few cases so the first timings are not the cache filling.
    for (const id of ids.slice(0, 5)) await findExposures(db, id, RULES);
    const timings: number[] = [];
    let exposed = 0;
    for (const id of ids) {
      const started = performance.now();
      exposed += (await findExposures(db, id, RULES)).length;
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    console.log(
      [
        `exposure matching, ${ids.length} cases × ${VISITS} visits (buffer ${RULES.bufferMin} min):`,
        `  p50 ${percentile(timings, 50).toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms, max ${timings.at(-1)?.toFixed(1)} ms`,
        `  ${(exposed / ids.length).toFixed(0)} exposed check-ins per case on average`,
        `  density: ${(CHECKINS / VENUES / DAYS).toFixed(1)} check-ins per venue per day (issue's default: ${(10_000_000 / 20_000 / 21).toFixed(1)})`,
        `  target p99 < 50 ms: ${percentile(timings, 99) < 50 ? 'met' : 'NOT met'}`,
      ].join('\n'),
    );
  } finally {
    await handle.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

await main();
