import { startCheckinSchedules } from '../workers/checkin-schedules.js';
import type { DomainModule } from './domain-module.js';
import { caseListRoutes } from './http/case-list-routes.js';
import { caseRoutes } from './http/case-routes.js';
import { publicMapRoutes, wardRiskRoutes } from './http/safety-map-routes.js';
import { venueEditRoutes } from './http/venue-edit-routes.js';
import { venueRoutes } from './http/venue-routes.js';

/** Venue check-in, cases and exposure alerts, the safety map; check-in retention and owners' daily self-check. */
export const checkinModule: DomainModule = {
  name: 'checkin',
  staffRoutes: (deps) => async (app) => {
    const settings = deps.checkin;
    await app.register(
      venueRoutes({
        db: deps.db,
        translator: deps.translator,
        links: {
          linkSecret: settings.linkSecret,
          telegramBotUsername: deps.config.TELEGRAM_BOT_USERNAME,
          zaloOaId: deps.config.ZALO_OA_ID,
          smsShortcode: deps.config.SMS_SHORTCODE,
        },
      }),
    );
    await app.register(
      caseRoutes({
        db: deps.db,
        queues: deps.queues,
        translator: deps.translator,
        rules: settings.exposure,
        autoSend: deps.config.EXPOSURE_AUTO_SEND,
      }),
    );
    await app.register(wardRiskRoutes(deps));
    await app.register(caseListRoutes(deps));
    await app.register(venueEditRoutes(deps));
  },
  publicRoutes: (deps) => publicMapRoutes(deps),
  startSchedules: async (deps) => [
    await startCheckinSchedules({
      connection: deps.connection,
      prefix: deps.config.QUEUE_PREFIX,
      proactive: deps.proactive,
      retentionDays: deps.config.CHECKIN_RETENTION_DAYS,
      now: deps.now,
      logger: deps.logger,
    }),
  ],
};
