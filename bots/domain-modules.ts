import type { DomainModule } from './domain-module.js';
import { vaccinationModule } from './vaccination-module.js';

/** Every domain module the service runs. */
export const domainModules: readonly DomainModule[] = [vaccinationModule];
