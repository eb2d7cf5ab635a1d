import type { Config } from '../config/env.js';
import type { NationalIdCipher } from '../crypto/national-id-cipher.js';

/** Long-lived services of domain actions and staff routes, built once at start (bots/service.ts). */
export interface DomainServices {
  readonly config: Config;
  readonly nationalIds: NationalIdCipher;
  /** The service clock (tests move it). */
  now(): Date;
}
