import type { Config } from '../config/env.js';
import type { NationalIdCipher } from '../crypto/national-id-cipher.js';
import type { CheckinSettings } from './checkin-settings.js';

/** Long-lived services of domain actions and staff routes, built once at start (bots/service.ts). */
export interface DomainServices {
  readonly config: Config;
  readonly nationalIds: NationalIdCipher;
  /** Check-in dwell, link-signing key and exposure rules, resolved once at start. */
  readonly checkin: CheckinSettings;
  /** The service clock (tests move it). */
  now(): Date;
}
