import { vietnamClock } from '../domain/vietnam-clock.js';
import { findCase } from './cases-repository.js';
import type { CohortMember } from './cohort-sources.js';
import type { Database } from './database.js';
import { exposedPeoplePage } from './exposure-query.js';

/**
 * The "exposures" campaign audience: the people a case exposed (ref = case id), a keyset page ordered by person id,
 * each with where and when they were exposed first — and nothing about the case.
 */
export async function exposureCohort(
  db: Database,
  ref: string,
  afterPersonId: string | null,
  limit: number,
): Promise<CohortMember[]> {
  const found = await findCase(db, ref);
  if (!found) return [];
  const rules = { bufferMin: found.bufferMin, minOverlapMin: found.minOverlapMin };
  const page = await exposedPeoplePage(db, found.id, rules, afterPersonId, limit);
  return page.map((person) => {
    const at = vietnamClock(person.checkedInAt);
    return { personId: person.personId, params: { venue: person.venueName, time: at.time, date: at.date } };
  });
}
