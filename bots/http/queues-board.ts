import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Database } from '../../core/db/database.js';
import { findSession } from '../../core/db/staff-repository.js';
import { CHECKIN_SCHEDULES_QUEUE } from '../../workers/checkin-schedules.js';
import { MONITORING_QUEUE } from '../../workers/monitoring-schedule.js';
import { CAMPAIGN_QUEUE, INBOUND_QUEUE, logQueueErrors, outboundQueueName } from '../../workers/queues.js';
import { VACCINATION_QUEUE } from '../../workers/vaccination-reminders.js';
import { HttpProblem } from './error-handler.js';
import { auditRequest } from './request-audit.js';
import { authenticateStaff, CSRF_HEADER, cookieOf, SESSION_COOKIE, staffOf } from './staff-auth.js';

export const QUEUES_PATH = '/console/queues';
const LOGIN_PATH = '/console/login';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The board's own client (axios) sends this cookie back as X-XSRF-TOKEN on same-origin calls: double submit, so
// its retry / clean / pause carry the session's CSRF token without any change to bull-board.
const XSRF_COOKIE = 'XSRF-TOKEN';
const XSRF_HEADER = 'x-xsrf-token';

/** Every BullMQ queue the service runs: turns, campaign fan-out, one per outbound route, and the domain schedules. */
export function serviceQueueNames(outboundRoutes: readonly string[]): string[] {
  return [
    INBOUND_QUEUE,
    CAMPAIGN_QUEUE,
    ...outboundRoutes.map(outboundQueueName),
    MONITORING_QUEUE,
    CHECKIN_SCHEDULES_QUEUE,
    VACCINATION_QUEUE,
  ];
}

export interface QueuesBoardDeps {
  db: Database;
  connection: Redis;
  prefix: string;
  queueNames: readonly string[];
  adminToken: string | undefined;
}

/**
 * The operators' view of the queues (bull-board) at /console/queues, for admins only: a browser without a session is
 * sent to the sign-in page, a signed-in non-admin is refused, and every change made from it lands in the audit log.
 */
export function queuesBoard(deps: QueuesBoardDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // The shared connection stays open when these close; the service quits it after the HTTP server.
    const queues = deps.queueNames.map((name) => new Queue(name, { connection: deps.connection, prefix: deps.prefix }));
    for (const queue of queues) logQueueErrors(queue, app.log);
    app.addHook('onClose', async () => void (await Promise.all(queues.map((queue) => queue.close()))));
    const board = new FastifyAdapter();
    board.setBasePath(QUEUES_PATH);
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Queues' } },
    });
    const authenticate = authenticateStaff({ db: deps.db, adminToken: deps.adminToken });

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const xsrf = request.headers[XSRF_HEADER];
      if (typeof xsrf === 'string' && request.headers[CSRF_HEADER] === undefined) request.headers[CSRF_HEADER] = xsrf;
      try {
        await authenticate(request);
      } catch (error) {
        // bull-board's own error handler rules inside its routes, so the gate answers here itself.
        if (!(error instanceof HttpProblem)) throw error;
        if (error.statusCode === 401) return reply.redirect(LOGIN_PATH, 302);
        return reply.status(error.statusCode).send({ error: error.code, message: error.message });
      }
      if (staffOf(request).role !== 'admin') {
        return reply.status(403).send({ error: 'forbidden', message: 'Only admin accounts may open the queues.' });
      }
      // The pages (not the board's polling API or its assets) hand the browser its session's CSRF token.
      const cookie = cookieOf(request, SESSION_COOKIE);
      if (cookie && request.method === 'GET' && !/^\/console\/queues\/(api|static)\//.test(request.url)) {
        const session = await findSession(deps.db, cookie);
        if (session)
          reply.header('set-cookie', `${XSRF_COOKIE}=${session.csrfToken}; SameSite=Strict; Path=${QUEUES_PATH}`);
      }
      return undefined;
    });

    app.addHook('onResponse', async (request, reply) => {
      if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400 || !request.staff) return;
      const route = request.routeOptions.url ?? request.url;
      const params = request.params as Record<string, string>;
      await auditRequest(deps.db, request, actionOf(route), params.queueName, {
        method: request.method,
        route: route.slice(QUEUES_PATH.length),
        params,
      }).catch((error: unknown) => request.log.error({ err: error }, 'audit of a queue action failed'));
    });

    await app.register(board.registerPlugin(), { prefix: QUEUES_PATH });
  };
}

/** "queues.retry" for …/:queueName/retry/:queueStatus, "queues.job.remove" for …/:queueName/:jobId/remove. */
export function actionOf(route: string): string {
  const words = route
    .split('/api/queues/')[1]
    ?.split('/')
    .flatMap((segment) => (segment === ':jobId' ? ['job'] : segment.startsWith(':') ? [] : [segment]));
  return `queues.${words?.length ? words.join('.') : 'change'}`;
}
