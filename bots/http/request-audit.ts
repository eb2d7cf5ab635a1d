import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../core/db/audit-repository.js';
import type { Database } from '../../core/db/database.js';
import { staffOf } from './staff-auth.js';

/** Records what the signed-in staff member (or integration) behind this request just did. */
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
