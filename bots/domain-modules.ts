import { checkinModule } from './checkin-module.js';
import type { DomainModule } from './domain-module.js';

/** Every domain module the service runs. */
export const domainModules: readonly DomainModule[] = [checkinModule];
