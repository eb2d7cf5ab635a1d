import { requestersOf } from '../core/db/relief-requests-repository.js';
import { reliefStateText } from '../core/domain/relief-workflow.js';
import { type NoticeDeps, sendNotice } from '../workers/notices.js';
import type { DomainModule } from './domain-module.js';
import { csvMaxBytes } from './http/csv-upload.js';
import { reliefPublicRoutes } from './http/relief-public-routes.js';
import { reliefRequestRoutes } from './http/relief-request-routes.js';
import { type RequesterNotice, requireKnownWard, WARD_PREFIX } from './http/relief-scope.js';
import { reliefWardRoutes } from './http/relief-ward-routes.js';

/** Essential-goods relief: the ward staff API under /api/v1/relief/wards/:ward and the public report per ward. */
export const reliefModule: DomainModule = {
  name: 'relief',
  staffRoutes: (deps) => async (app) => {
    await app.register(
      async (ward) => {
        ward.addHook('preHandler', requireKnownWard(deps.db));
        await ward.register(reliefWardRoutes({ db: deps.db, csvMaxBytes: csvMaxBytes(deps.config) }));
        await ward.register(reliefRequestRoutes({ db: deps.db, notify: requesterNotice(deps.notices) }));
      },
      { prefix: WARD_PREFIX },
    );
  },
  publicRoutes: (deps) => reliefPublicRoutes({ db: deps.db }),
};

// Everyone who asked for the household in the round hears of each change, once per request, state and person: a
// retried staff call (or a double click) does not message anyone twice.
function requesterNotice(deps: NoticeDeps): RequesterNotice {
  return async (request) => {
    const state = reliefStateText(request);
    for (const personId of await requestersOf(deps.db, request)) {
      await sendNotice(deps, {
        target: { personId },
        key: state.key,
        vars: state.vars,
        noticeKey: `relief:${request.id}:${request.status}:${personId}`,
      });
    }
  };
}
