import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unitNames } from '../../core/db/area-wards-repository.js';
import type { Database } from '../../core/db/database.js';
import { type DayCount, overviewFigures, SERIES_DAYS } from '../../core/db/overview-repository.js';
import { addDays, vietnamDate } from '../../core/domain/vietnam-date.js';
import { areaQuery, scopedWards } from './area-scope.js';

type SeriesName = 'declarations' | 'highRisk' | 'checkins';

/** One chart line per ward: a count for each day of `days`, zero where nothing happened. */
interface WardSeries {
  ward: string | null;
  name: string | null;
  declarations: number[];
  highRisk: number[];
  checkins: number[];
}

function wardSeries(days: readonly string[], counts: readonly DayCount[], names: Map<string, string>): WardSeries[] {
  const byWard = new Map<string | null, WardSeries>();
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const zeros = () => days.map(() => 0);
  for (const count of counts) {
    const index = dayIndex.get(count.day);
    if (index === undefined) continue;
    let series = byWard.get(count.ward);
    if (!series) {
      const name = count.ward === null ? null : (names.get(count.ward) ?? null);
      series = { ward: count.ward, name, declarations: zeros(), highRisk: zeros(), checkins: zeros() };
      byWard.set(count.ward, series);
    }
    for (const key of ['declarations', 'highRisk', 'checkins'] as const satisfies readonly SeriesName[]) {
      series[key][index] = (series[key][index] ?? 0) + (count[key] ?? 0);
    }
  }
  return [...byWard.values()].sort((a, b) => (a.ward ?? '~').localeCompare(b.ward ?? '~'));
}

const sum = (values: readonly number[], index: number) => values[index] ?? 0;

/** The console's overview: today's figures in the caller's areas and 14-day series by ward for the charts. */
export function overviewRoutes(deps: { db: Database; now(): Date }): FastifyPluginAsyncZod {
  const { db } = deps;
  return async (app) => {
    app.get(
      '/overview',
      {
        schema: {
          summary: "Today's figures (Vietnam day) and 14-day series by ward, in your areas or the ward/district named",
          tags: ['console'],
          security: [{ bearer: [] }],
          querystring: z.strictObject(areaQuery),
        },
      },
      async (request) => {
        const wards = await scopedWards(db, request, request.query);
        const today = vietnamDate(deps.now());
        const figures = await overviewFigures(db, wards, today);
        const days = Array.from({ length: SERIES_DAYS }, (_, index) => addDays(today, index + 1 - SERIES_DAYS));
        const counts = [...figures.declarationDays, ...figures.checkinDays];
        const named = [...new Set(counts.map((count) => count.ward).filter((ward) => ward !== null))];
        const series = wardSeries(days, counts, await unitNames(db, named));
        const last = SERIES_DAYS - 1;
        const todayTotal = (key: SeriesName) => series.reduce((total, ward) => total + sum(ward[key], last), 0);
        const { submitted, verified, approved } = figures.relief;
        return {
          today,
          wards: wards ?? null,
          declarations: { today: todayTotal('declarations'), highRiskToday: todayTotal('highRisk') },
          monitoring: figures.monitoring,
          checkins: { today: todayTotal('checkins') },
          vaccination: figures.vaccination,
          relief: { open: submitted + verified + approved, ...figures.relief },
          series: { days, wards: series },
        };
      },
    );
  };
}
