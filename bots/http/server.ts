import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../../core/config/env.js';
import { consoleRoutes } from '../../dashboard/console-routes.js';
import type { ChannelModule } from '../channel-module.js';
import type { DomainDeps, DomainModule } from '../domain-module.js';
import { type WebChannelDeps, webChannelRoutes } from '../web/web-routes.js';
import { apiRoutes } from './api-routes.js';
import { authRoutes } from './auth-routes.js';
import { csvMaxBytes } from './csv-upload.js';
import { installErrorHandler } from './error-handler.js';
import { type HealthDeps, healthRoutes } from './health-routes.js';
import { queuesBoard, serviceQueueNames } from './queues-board.js';

export type HttpDeps = HealthDeps &
  WebChannelDeps & {
    logger: Logger;
    config: WebChannelDeps['config'] &
      Pick<
        Config,
        | 'ADMIN_API_TOKEN'
        | 'SMS_UNICODE'
        | 'SMS_PRICE_PER_SEGMENT'
        | 'SMS_PRICE_CURRENCY'
        | 'PUBLIC_URL'
        | 'CSV_UPLOAD_MAX_MB'
      >;
    channelModules: readonly ChannelModule[];
    domain: { modules: readonly DomainModule[]; deps: DomainDeps };
  };

const BODY_LIMIT = 64 * 1024;

/** The HTTP entry: health, metrics, docs, the staff API and every channel's routes. */
export async function buildHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Webhook providers retry on slow answers; never hold a connection open for long.
    requestTimeout: 30_000,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  // Responses still in flight at shutdown close their keep-alive connection; otherwise close() would wait for the
  // clients' idle sockets (up to the 72 s keep-alive timeout) before the workers could stop.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Epidemic messaging service', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(webChannelRoutes(deps));
  for (const module of deps.channelModules) {
    if (module.registerWebhooks) await app.register(async (scope) => module.registerWebhooks?.(scope));
  }
  const preview = {
    smsUnicode: deps.config.SMS_UNICODE,
    prices: deps.config.SMS_PRICE_PER_SEGMENT,
    currency: deps.config.SMS_PRICE_CURRENCY,
    smsRouteFor: (phone: string) => deps.routeFor('sms', phone),
  };
  const api = apiRoutes({
    db: deps.db,
    queues: deps.queues,
    adminToken: deps.config.ADMIN_API_TOKEN,
    translator: deps.translator,
    preview,
    domain: deps.domain,
    csvMaxBytes: csvMaxBytes(deps.config),
  });
  await app.register(api, { prefix: '/api/v1' });
  await app.register(
    authRoutes({
      db: deps.db,
      redis: deps.redis,
      keyPrefix: deps.config.QUEUE_PREFIX,
      secureCookies: deps.config.PUBLIC_URL?.startsWith('https:') ?? false,
    }),
  );
  await app.register(
    queuesBoard({
      db: deps.db,
      connection: deps.redis,
      prefix: deps.config.QUEUE_PREFIX,
      queueNames: serviceQueueNames(deps.channelModules.flatMap((module) => module.routes.map((route) => route.name))),
      adminToken: deps.config.ADMIN_API_TOKEN,
    }),
  );
  for (const module of deps.domain.modules) {
    if (module.publicRoutes) await app.register(module.publicRoutes(deps.domain.deps));
  }
  await app.register(consoleRoutes({ db: deps.db, translator: deps.translator }));
  return app;
}
