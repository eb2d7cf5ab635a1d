import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../core/db/audit-repository.js';
import type { Database } from '../../core/db/database.js';
import { STAFF_ROLES, type StaffAccount } from '../../core/db/schema.js';
import {
  createApiToken,
  createStaffAccount,
  listStaffAccounts,
  revokeApiToken,
  UsernameTakenError,
  updateStaffAccess,
} from '../../core/db/staff-repository.js';
import { csvLine } from '../../core/domain/csv.js';
import { passwordProblem } from '../../core/domain/passwords.js';
import { HttpProblem } from './error-handler.js';
import { auditExport, noteAudit } from './request-audit.js';
import { requireRole } from './staff-auth.js';

const areaCodes = z.array(z.string().regex(/^\d{2,5}$/, 'an administrative unit code')).max(200);
const idParams = z.strictObject({ id: z.uuid() });

/** What an account looks like to others: never its password hash or lockout counters. */
function publicAccount(account: StaffAccount) {
  const { passwordHash: _hash, failedLogins: _failed, ...shown } = account;
  return shown;
}

/** Accounts, their API tokens and the audit log: admins only. */
export function staffRoutes(deps: { db: Database }): FastifyPluginAsyncZod {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const tags = ['staff'];
  return async (app) => {
    app.addHook('preHandler', requireRole('admin'));

    app.post(
      '/staff',
      {
        schema: {
          summary: 'Create a staff account',
          tags,
          security,
          body: z.strictObject({
            username: z
              .string()
              .trim()
              .regex(/^[A-Za-z0-9._-]{3,64}$/, '3 to 64 letters, digits, . _ -'),
            displayName: z.string().trim().min(1).max(200),
            password: z.string(),
            role: z.enum(STAFF_ROLES),
            areas: areaCodes.default([]),
          }),
        },
      },
      async (request, reply) => {
        const problem = passwordProblem(request.body.password);
        if (problem) throw new HttpProblem(400, 'weak_password', `The password ${problem}.`);
        if (request.body.role !== 'admin' && request.body.areas.length === 0) {
          throw new HttpProblem(400, 'no_area', 'Every account but an admin needs at least one area code.');
        }
        try {
          const account = await createStaffAccount(db, request.body);
          const details = { username: account.username, role: account.role, areas: account.areas };
          noteAudit(request, 'staff_created', account.id, details);
          return reply.status(201).send({ account: publicAccount(account) });
        } catch (error) {
          if (error instanceof UsernameTakenError) throw new HttpProblem(409, 'username_taken', error.message);
          throw error;
        }
      },
    );

    app.get('/staff', { schema: { summary: 'Staff accounts', tags, security } }, async () => ({
      accounts: (await listStaffAccounts(db)).map(publicAccount),
    }));

    app.patch(
      '/staff/:id',
      {
        schema: {
          summary: "Change an account's role, areas, or disable it (its sessions end)",
          tags,
          security,
          params: idParams,
          body: z
            .strictObject({
              role: z.enum(STAFF_ROLES).optional(),
              areas: areaCodes.optional(),
              disabled: z.boolean().optional(),
            })
            .refine((body) => Object.keys(body).length > 0, 'change something'),
        },
      },
      async (request) => {
        const account = await updateStaffAccess(db, request.params.id, request.body);
        if (!account) throw new HttpProblem(404, 'not_found', 'No account with this id.');
        noteAudit(request, 'staff_access_changed', account.id, request.body);
        return { account: publicAccount(account) };
      },
    );

    app.post(
      '/staff/:id/tokens',
      {
        schema: {
          summary: 'A new API token for an integration acting as this account (shown once)',
          tags,
          security,
          params: idParams,
          body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const accounts = await listStaffAccounts(db);
        if (!accounts.some((account) => account.id === request.params.id)) {
          throw new HttpProblem(404, 'not_found', 'No account with this id.');
        }
        const created = await createApiToken(db, request.params.id, request.body.name);
        const details = { tokenId: created.id, name: request.body.name };
        noteAudit(request, 'api_token_created', request.params.id, details);
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/tokens/:id',
      { schema: { summary: 'Revoke an API token', tags, security, params: idParams } },
      async (request) => {
        if (!(await revokeApiToken(db, request.params.id))) {
          throw new HttpProblem(404, 'not_found', 'No active token with this id.');
        }
        noteAudit(request, 'api_token_revoked', request.params.id);
        return { revoked: true };
      },
    );

    app.get(
      '/audit',
      {
        schema: {
          summary: 'The audit log, newest first (format=csv exports it, and that export is itself audited)',
          tags,
          security,
          querystring: z.strictObject({
            actor: z.string().max(100).optional(),
            action: z.string().max(100).optional(),
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            beforeId: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(100),
            format: z.enum(['json', 'csv']).default('json'),
          }),
        },
      },
      async (request, reply) => {
        const { from, to, format, ...rest } = request.query;
        const entries = await listAudit(db, {
          ...rest,
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: new Date(to) } : {}),
        });
        if (format === 'json') return { entries };
        await auditExport(db, request, 'audit', request.query);
        const rows = entries.map((e) => [
          String(e.id),
          e.at.toISOString(),
          e.actor,
          e.action,
          e.target ?? '',
          JSON.stringify(e.details ?? {}),
          e.ip ?? '',
        ]);
        return reply
          .type('text/csv; charset=utf-8')
          .send([['id', 'at', 'actor', 'action', 'target', 'details', 'ip'], ...rows].map(csvLine).join(''));
      },
    );
  };
}
