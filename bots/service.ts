import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { flowActions, optionSources } from '../core/actions/index.js';
import { unlabelledPriorityGroups } from '../core/actions/vaccination-options.js';
import type { InboundEvent } from '../core/channels/contract.js';
import { type Config, ConfigError } from '../core/config/env.js';
import { createNationalIdCipher } from '../core/crypto/national-id-cipher.js';
import { nationalIdMasterKey } from '../core/crypto/national-id-key.js';
import { seedSampleAreas } from '../core/db/admin-units-repository.js';
import { loadCheckinSettings } from '../core/db/checkin-settings.js';
import { openDatabase } from '../core/db/database.js';
import { applyMigrations } from '../core/db/migrations-runner.js';
import type { FlowCatalog } from '../core/dialogs/bot.js';
import { findFlowProblems } from '../core/dialogs/flow-validation.js';
import { createTranslator } from '../core/i18n/translator.js';
import { createLogger } from '../core/observability/logger.js';
import { maskPhonesInText } from '../core/observability/mask-phones.js';
import { Metrics } from '../core/observability/metrics.js';
import { flows } from '../prompts/index.js';
import { createDeliveryHooks } from '../workers/campaign-delivery-hooks.js';
import { createFanoutWorker } from '../workers/campaign-fanout.js';
import { createOutboundWorker } from '../workers/outbound-send.js';
import { type PrivateRedis, startPrivateRedis } from '../workers/private-redis.js';
import { createQueues } from '../workers/queues.js';
import { createRedisConnection } from '../workers/redis-connection.js';
import { SENT_RECORDER_LANES, SentRecorder } from '../workers/sent-recorder.js';
import { buildChannels } from './channel-registry.js';
import { type CloseStep, closeInOrder } from './close-in-order.js';
import { deliveryReportApplier } from './delivery-reports.js';
import type { DomainDeps } from './domain-module.js';
import { domainModules } from './domain-modules.js';
import { buildHttpServer } from './http/server.js';
import { type IngestDeps, ingestEvent } from './ingest.js';
import { createReplyDispatcher } from './reply-dispatch.js';

export interface RunningService {
  /** Base URL the HTTP server listens on. */
  readonly url: string;
  readonly logger: Logger;
  /** Graceful stop: no new requests, in-flight turns finish, then workers, queues, Redis, database. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  /** The clock campaign rules read (quiet hours, schedules); tests move it. */
  now?: () => Date;
}

/** Starts the whole service described by a validated config. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config);
  const translator = createTranslator();
  const catalog: FlowCatalog = { flows, actions: flowActions, optionSources };
  const problems = findFlowProblems(catalog, translator);
  if (problems.length > 0) throw new Error(`Conversation flows are broken: ${problems.join('; ')}`);
  const unlabelled = unlabelledPriorityGroups(config, translator);
  if (unlabelled.length > 0) {
    throw new ConfigError(
      `Invalid configuration — VACCINATION_PRIORITY_GROUPS: no label vaccination:groups.<code> in locales/ for ${unlabelled.join(', ')}`,
    );
  }

  // Before anything opens: a missing key must stop the start, not the first sign-up.
  const nationalIds = createNationalIdCipher(nationalIdMasterKey(config));
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  // Closed in reverse order of opening: HTTP first, then workers, channels, queues, Redis, the database.
  const cleanups: CloseStep[] = [{ name: 'database', close: () => database.close() }];
  // Campaign sends are stored on connections of their own, one per flush the recorder runs at once: a blast's sends
  // wait on those flushes (a bind's window stays full until they commit), and in the shared pool each flush queued
  // behind the batch jobs' reads.
  const sendsDatabase =
    config.DATABASE_URL && config.WORKERS.includes('outbound')
      ? await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: SENT_RECORDER_LANES })
      : undefined;
  if (sendsDatabase) cleanups.push({ name: 'sends database', close: () => sendsDatabase.close() });
  const closeAll = async () => {
    await closeInOrder(cleanups.reverse(), config.STOP_GRACE_S * 1000, logger);
  };
  try {
    await applyMigrations(database);
    const seeded = await seedSampleAreas(database.db);
    if (seeded) logger.info(seeded, 'no administrative units yet: loaded the bundled sample province');
    let privateRedis: PrivateRedis | undefined;
    if (!config.REDIS_URL) {
      privateRedis = await startPrivateRedis({ dataDir: config.DATA_DIR, logger, searchPath: config.PATH });
      cleanups.push({ name: 'private redis-server', close: () => privateRedis?.stop() ?? Promise.resolve() });
    }
    const connection = createRedisConnection(config.REDIS_URL ?? privateRedis?.url ?? '');
    // Once the queues on it have closed (a stop while Redis is away), ioredis would write its errors raw to stderr.
    connection.on('error', (error) => logger.error({ err: error }, 'redis connection error'));
    cleanups.push({ name: 'redis connection', close: () => connection.quit() });
    const metrics = new Metrics();
    const db = database.db;
    // One clock for turns ("today" in a flow), schedules and campaign rules: tests move it.
    const now = options.now ?? (() => new Date());
    const domain = { config, nationalIds, now, checkin: await loadCheckinSettings(config, db) };

    let ingestDeps: IngestDeps | undefined;
    const applyDeliveryReport = deliveryReportApplier(db);
    const channels = buildChannels({
      config,
      db,
      redis: connection,
      logger,
      ingest: (event: InboundEvent) => {
        if (!ingestDeps) throw new Error('ingest used before the queues were up');
        return ingestEvent(ingestDeps, event);
      },
      applyDelivery: async (update) => {
        const applied = await applyDeliveryReport(update);
        if (!applied)
          logger.debug({ update: maskPhonesInText(JSON.stringify(update)) }, 'delivery report matched nothing');
      },
    });
    const queues = createQueues(
      connection,
      config.QUEUE_PREFIX,
      channels.routes.map((route) => route.name),
      logger,
    );
    cleanups.push({ name: 'queues', close: () => queues.close() });
    // Closed before the queues: a closing SMPP bind stores (and queues the turns of) the long MOs it still holds.
    cleanups.push({ name: 'channels', close: () => channels.close() });
    metrics.observeQueueDepths(() => queues.depths());
    ingestDeps = { db, queues, redis: connection, translator, metrics, config, routeFor: channels.routeFor };

    const workers: Worker[] = [];
    cleanups.push({ name: 'workers', close: () => Promise.all(workers.map((worker) => worker.close())) });
    if (config.WORKERS.includes('inbound')) {
      const runner = {
        database,
        translator,
        catalog,
        replyStatusOf: channels.replyStatusOf,
        defaultLocale: config.DEFAULT_LOCALE,
        now,
        domain,
      };
      const dispatchReplies = createReplyDispatcher({ db, queues, routeFor: channels.routeFor });
      // Loaded only where turns run: the dialog runtime (botbuilder) is ~20 MB a campaign or outbound process never uses.
      const { createInboundWorker } = await import('../workers/inbound-turn.js');
      workers.push(createInboundWorker({ connection, prefix: config.QUEUE_PREFIX, runner, dispatchReplies, logger }));
    }
    const dispatch = { db, queues, routeFor: channels.routeFor, translator, znsTemplates: config.ZALO_ZNS_TEMPLATES };
    const domainDeps: DomainDeps = {
      ...domain,
      db,
      queues,
      connection,
      translator,
      logger,
      notices: { ...dispatch, translator, defaultLocale: config.DEFAULT_LOCALE },
      proactive: { db, queues, defaultLocale: config.DEFAULT_LOCALE },
    };
    if (config.WORKERS.includes('schedules')) {
      for (const module of domainModules) {
        const started = (await module.startSchedules?.(domainDeps)) ?? [];
        if (started.length > 0) {
          cleanups.push({
            name: `${module.name} schedules`,
            close: () => Promise.all(started.map((closable) => closable.close())),
          });
        }
      }
    }
    if (config.WORKERS.includes('campaigns')) {
      workers.push(
        createFanoutWorker({
          connection,
          prefix: config.QUEUE_PREFIX,
          dispatch,
          now,
          recheckMs: config.CAMPAIGN_RECHECK_MS,
          logger,
        }),
      );
    }
    const hooks = createDeliveryHooks({
      ...dispatch,
      quietHours: config.QUIET_HOURS,
      now,
      recheckMs: config.CAMPAIGN_RECHECK_MS,
    });
    if (config.WORKERS.includes('outbound')) {
      // One for all routes: the carriers' sends come back together, so each statement stores more of them.
      const recorder = new SentRecorder(sendsDatabase?.db ?? db);
      for (const route of channels.routes) {
        workers.push(
          createOutboundWorker({
            connection,
            prefix: config.QUEUE_PREFIX,
            route: route.name,
            ...route,
            enqueueSingle: (messageId, priority) => queues.enqueueSend(route.name, messageId, priority),
            hooks,
            db,
            recorder,
            metrics,
            logger,
          }),
        );
      }
    }
    for (const module of channels.modules) await module.start?.();

    const http = await buildHttpServer({
      ...ingestDeps,
      logger,
      config,
      database,
      events: queues.inboundEvents,
      pingRedis: async () => void (await connection.ping()),
      channelModules: channels.modules,
      domain: { modules: domainModules, deps: domainDeps },
    });
    cleanups.push({ name: 'http', close: () => http.close() });
    const address = await http.listen({ port: config.PORT, host: config.HOST });
    logger.info(
      {
        database: database.kind,
        redis: privateRedis ? 'private' : 'external',
        workers: config.WORKERS,
        channels: channels.modules.map((module) => module.channel),
      },
      `ready on ${address}`,
    );
    return { url: address.replace('0.0.0.0', '127.0.0.1'), logger, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
