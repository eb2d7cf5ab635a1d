import { checkinModule } from './checkin-module.js';
import { consoleModule } from './console-module.js';
import type { DomainModule } from './domain-module.js';
import { handoverModule } from './handover-module.js';
import { healthDeclarationsModule } from './health-declarations-module.js';
import { reliefModule } from './relief-module.js';
import { vaccinationModule } from './vaccination-module.js';

/** Every domain module the service runs. */
export const domainModules: readonly DomainModule[] = [
  healthDeclarationsModule,
  reliefModule,
  checkinModule,
  vaccinationModule,
  consoleModule,
  handoverModule,
];
