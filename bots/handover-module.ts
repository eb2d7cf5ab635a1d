import type { DomainModule } from './domain-module.js';
import { conversationRoutes } from './http/conversation-routes.js';

/** Human handover: the staff inbox of conversations citizens asked to have with a person (the flow is in prompts/). */
export const handoverModule: DomainModule = {
  name: 'handover',
  staffRoutes: (deps) =>
    conversationRoutes({
      db: deps.db,
      queues: deps.queues,
      translator: deps.translator,
      routeFor: deps.notices.routeFor,
    }),
};
