import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * An onSend hook for the staff API: every successful (2xx) POST, PUT, PATCH or DELETE writes one audit entry —
 * actor, route, the ids in its path, the names (never the values) of the body's fields, and whatever domain detail
 * the route noted (noteAudit) — so "every state-changing action is audited" holds by construction. It runs before
 * the answer leaves: a caller that sees success can read the entry.
 */
export function auditStateChanges(db: Database) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    if (!ok || !STATE_CHANGING_METHODS.has(request.method) || !request.staff) return payload;
    if (request.routeOptions.config.auditExempt) return payload;
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
