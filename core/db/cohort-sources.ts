import type { Database } from './database.js';
import { exposureCohort } from './exposure-cohort.js';
import { monitoredCohort } from './monitoring-repository.js';
import { reliefRoundCohort } from './relief-reports-repository.js';
import { vaccinationCohort } from './vaccination-registrations-repository.js';

/** One person of a cohort, with the values their copy of the message fills in (venue, slot time...). */
export interface CohortMember {
  personId: string;
  params?: Record<string, string>;
}

/**
 * A named group of people another capability knows (the visitors exposed to case X, the registrants of a slot):
 * the next page of distinct people after `afterPersonId`, ordered by person id, so the fan-out pages it by keyset
 * and resumes after a crash like any other audience.
 */
export type CohortSource = (
  db: Database,
  ref: string,
  afterPersonId: string | null,
  limit: number,
) => Promise<readonly CohortMember[]>;

/** Every cohort a campaign audience may name: `{ type: 'cohort', cohort, ref }`. */
export const cohortSources: ReadonlyMap<string, CohortSource> = new Map<string, CohortSource>([
  ['vaccination', vaccinationCohort],
  ['monitoring', monitoredCohort],
  // ref = a relief round id: everyone who asked for goods in that round ({{requestNumber}}, {{requestStatus}}).
  ['relief', reliefRoundCohort],
  ['exposures', exposureCohort],
]);
