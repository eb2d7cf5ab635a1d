import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../core/db/database.js';
import { migrationsAreCurrent } from '../../core/db/migrations-runner.js';
import type { Metrics } from '../../core/observability/metrics.js';

export interface HealthDeps {
  database: DatabaseHandle;
  pingRedis(): Promise<void>;
  metrics: Metrics;
}

async function passes(check: () => Promise<unknown>): Promise<boolean> {
  try {
    return (await check()) !== false;
  } catch {
    return false;
  }
}

/** /healthz (process alive), /readyz (database, migrations, Redis), /metrics (Prometheus). */
export async function healthRoutes(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (_request, reply) => {
    const [database, migrations, redis] = await Promise.all([
      passes(() => deps.database.ping()),
      passes(() => migrationsAreCurrent(deps.database)),
      passes(() => deps.pingRedis()),
    ]);
    const ready = database && migrations && redis;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, migrations, redis });
  });
  app.get('/metrics', hidden, async (_request, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
}
