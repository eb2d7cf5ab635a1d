import type { Database } from './database.js';
import { exposureCohort } from './exposure-cohort.js';

/** People of a named cohort after `afterPersonId`, ordered by person id, each once, with their message parameters. */
export type CohortSource = (
  db: Database,
  ref: string,
  afterPersonId: string | null,
  limit: number,
) => Promise<readonly { personId: string; params?: Record<string, string> }[]>;

/** Every cohort a campaign audience `{ type: 'cohort', cohort, ref }` may name. */
export const cohortSources: ReadonlyMap<string, CohortSource> = new Map<string, CohortSource>([
  ['exposures', exposureCohort],
]);
