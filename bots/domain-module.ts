import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Database } from '../core/db/database.js';
import type { DomainServices } from '../core/domain/domain-services.js';
import type { Translator } from '../core/i18n/translator.js';
import type { NoticeDeps } from '../workers/notices.js';
import type { ProactiveDeps } from '../workers/proactive-flow.js';
import type { QueueSet } from '../workers/queues.js';

/** What a domain module (declarations, vaccination, check-in, relief) may use: the domain services and more. */
export interface DomainDeps extends DomainServices {
  db: Database;
  queues: QueueSet;
  /** For the module's own BullMQ queues and workers, under `config.QUEUE_PREFIX`. */
  connection: Redis;
  translator: Translator;
  logger: Logger;
  /** One-off messages to people outside a conversation. */
  notices: NoticeDeps;
  /** Starting a flow with a person (the bot speaks first). */
  proactive: ProactiveDeps;
}

/** Something that can be stopped at shutdown (a BullMQ worker, a queue). */
export interface Closable {
  close(): Promise<void>;
}

/**
 * One capability's server side, plugged into the service without the service knowing it: staff routes under
 * /api/v1 (behind the staff token), public routes, and timed work run by processes with the "schedules" worker.
 * Its conversations live in prompts/ and its actions in core/actions, like every flow.
 */
export interface DomainModule {
  name: string;
  staffRoutes?(deps: DomainDeps): FastifyPluginAsyncZod;
  publicRoutes?(deps: DomainDeps): FastifyPluginAsyncZod;
  startSchedules?(deps: DomainDeps): Promise<readonly Closable[]>;
}
