import type { Config } from '../config/env.js';
import type { CheckinSettings } from '../domain/checkin-settings.js';
import type { Database } from './database.js';
import { serviceSecret } from './service-secrets-repository.js';

/** Check-in settings from the environment; without VENUE_LINK_SECRET, links are signed with a key kept in the database. */
export async function loadCheckinSettings(
  config: Pick<
    Config,
    'CHECKIN_DEFAULT_DWELL_MIN' | 'VENUE_LINK_SECRET' | 'EXPOSURE_BUFFER_MIN' | 'EXPOSURE_MIN_OVERLAP_MIN'
  >,
  db: Database,
): Promise<CheckinSettings> {
  return {
    dwellMinutes: config.CHECKIN_DEFAULT_DWELL_MIN,
    linkSecret: config.VENUE_LINK_SECRET ?? (await serviceSecret(db, 'venue-link')),
    exposure: { bufferMin: config.EXPOSURE_BUFFER_MIN, minOverlapMin: config.EXPOSURE_MIN_OVERLAP_MIN },
  };
}
