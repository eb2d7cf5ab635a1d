import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../core/db/audit-repository.js';
import type { Database } from '../../core/db/database.js';
import { staffOf } from './staff-auth.js';

/** What a route adds to the audit entry the audit hook writes for it (bots/http/audit-hook.ts). */
export interface AuditNote {
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auditNote?: AuditNote;
  }
}

/**
 * Names what this state-changing request did (a domain action, its target, safe details: never personal data). The
 * audit hook writes the one entry when the request succeeds; a route that notes nothing is still audited by route.
 */
export function noteAudit(
  request: FastifyRequest,
  action: string,
  target?: string,
  details?: Record<string, unknown>,
): void {
  request.auditNote = { action, ...(target ? { target } : {}), ...(details ? { details } : {}) };
}

/**
 * Records at once what the staff member (or integration) behind this request did, where the /api/v1 audit hook does
 * not: exports (GETs) and staff pages outside the API (the queues board).
 */
export function auditRequest(
  db: Database,
  request: FastifyRequest,
  action: string,
  target?: string,
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(db, {
    actor: staffOf(request).actor,
    action,
    ...(target ? { target } : {}),
    ...(details ? { details } : {}),
    ip: request.ip,
  });
}

/**
 * Records a personal-data export (a GET, which the audit hook does not see): what was exported and with which
 * filters. Filters that are themselves personal data (an ID number) are passed as "given", never in clear.
 */
export function auditExport(
  db: Database,
  request: FastifyRequest,
  what: string,
  filters: Record<string, unknown>,
): Promise<void> {
  return auditRequest(db, request, 'export', what, {
    route: `${request.method} ${request.routeOptions.url}`,
    filters,
  });
}
