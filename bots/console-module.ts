import type { DomainModule } from './domain-module.js';
import { monitoringBoardRoutes } from './http/monitoring-board-routes.js';
import { overviewRoutes } from './http/overview-routes.js';
import { wardDirectoryRoutes } from './http/ward-directory-routes.js';

/** The console's own reads across the other modules' data: the overview, the home-monitoring board, the ward pickers. */
export const consoleModule: DomainModule = {
  name: 'console',
  staffRoutes: (deps) => async (app) => {
    await app.register(overviewRoutes(deps));
    await app.register(monitoringBoardRoutes(deps));
    await app.register(wardDirectoryRoutes(deps));
  },
};
