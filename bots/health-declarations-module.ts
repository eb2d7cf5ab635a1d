import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { closeMonitoringCase, startMonitoringSchedules } from '../workers/monitoring-schedule.js';
import type { DomainDeps, DomainModule } from './domain-module.js';
import { declarationRoutes } from './http/declaration-routes.js';
import { monitoringRoutes } from './http/monitoring-routes.js';
import { wardStaffRoutes } from './http/ward-staff-routes.js';

function staffRoutes(deps: DomainDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(declarationRoutes(deps));
    await app.register(wardStaffRoutes(deps));
    await app.register(
      monitoringRoutes({ ...deps, closeCase: (caseId, endedBy) => closeMonitoringCase(deps, caseId, endedBy) }),
    );
  };
}

/** Health declarations (domestic, entry), receipts, ward staff alerts and daily home monitoring. */
export const healthDeclarationsModule: DomainModule = {
  name: 'health-declarations',
  staffRoutes,
  startSchedules: startMonitoringSchedules,
};
