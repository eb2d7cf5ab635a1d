import { startVaccinationReminders } from '../workers/vaccination-reminders.js';
import type { DomainModule } from './domain-module.js';
import { vaccinationRegistrationRoutes } from './http/vaccination-registration-routes.js';
import { vaccinationSiteRoutes } from './http/vaccination-site-routes.js';

/** Vaccination sign-up: the sites' staff API and the reminder jobs (the sign-up flows live in prompts/). */
export const vaccinationModule: DomainModule = {
  name: 'vaccination',
  staffRoutes: (deps) => async (app) => {
    await app.register(vaccinationSiteRoutes(deps));
    await app.register(vaccinationRegistrationRoutes(deps));
  },
  startSchedules: async (deps) => [
    await startVaccinationReminders({
      ...deps,
      prefix: deps.config.QUEUE_PREFIX,
      vaccines: deps.config.VACCINES,
      syncEveryMs: deps.config.VACCINATION_SYNC_MS,
    }),
  ],
};
