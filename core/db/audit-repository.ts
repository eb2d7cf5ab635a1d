import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { type AuditEntry, auditLog } from './schema.js';

export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  ip?: string;
}

/** Records one staff action; callers write it in the same transaction as the action when there is one. */
export async function recordAudit(db: Database, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
    ip: entry.ip ?? null,
  });
}

/** Newest first, filtered by actor, action and time, paged by id. */
export async function listAudit(
  db: Database,
  filter: { actor?: string; action?: string; from?: Date; to?: Date; beforeId?: number; limit: number },
): Promise<AuditEntry[]> {
  const conditions: (SQL | undefined)[] = [
    filter.actor ? eq(auditLog.actor, filter.actor) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
    filter.beforeId ? lt(auditLog.id, filter.beforeId) : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
