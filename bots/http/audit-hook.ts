import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { recordAudit } from '../../core/db/audit-repository.js';
import type { Database } from '../../core/db/database.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Why this state-changing route writes no audit entry (it changes nothing, e.g. a preview). */
    auditExempt?: string;
  }
}

export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a path names as acted on, most specific first: an id (`:id`, `:roundId`...), else a code, else a ward. */
function targetOf(params: Record<string, string>): string | undefined {
  const names = Object.keys(params);
  const id = names.find((name) => name === 'id') ?? names.find((name) => name.endsWith('Id'));
  return params[id ?? 'code'] ?? params.ward;
}

/**
 * An onRoute hook for the staff API: every POST, PUT, PATCH or DELETE route registered under it gets the audit
 * onSend hook (unless its config names why it changes nothing), and says so in its OpenAPI operation (`x-audit`),
 * so "every state-changing action is audited" holds by construction and can be read off /docs/json.
 */
export function auditEveryStateChange(db: Database) {
  const audit = auditSuccess(db);
  return (route: RouteOptions): void => {
    if (![route.method].flat().some((method) => STATE_CHANGING_METHODS.has(method))) return;
    const exempt = route.config?.auditExempt;
    // An OpenAPI extension: @fastify/swagger copies `x-` keys of a route's schema into its operation.
    route.schema = Object.assign({}, route.schema, { 'x-audit': exempt ? `exempt: ${exempt}` : 'every success' });
    if (!exempt) route.onSend = [...[route.onSend ?? []].flat(), audit];
  };
}

/**
 * Every successful (2xx) answer of the route writes one audit entry: actor, route, the ids in its path, the names
 * (never the values) of the body's fields, and whatever domain detail the route noted (noteAudit). It runs before
 * the answer leaves: a caller that sees success can read the entry.
 */
function auditSuccess(db: Database) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (reply.statusCode < 200 || reply.statusCode >= 300 || !request.staff) return payload;
    const route = `${request.method} ${request.routeOptions.url}`;
    const params = { ...(request.params as Record<string, string> | undefined) };
    const body = request.body;
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
    const note = request.auditNote;
    const target = note?.target ?? targetOf(params);
    await recordAudit(db, {
      actor: request.staff.actor,
      action: note?.action ?? route,
      ...(target ? { target } : {}),
      details: {
        route,
        ...(Object.keys(params).length > 0 ? { params } : {}),
        ...(fields.length > 0 ? { fields } : {}),
        ...note?.details,
      },
      ip: request.ip,
    });
    return payload;
  };
}
