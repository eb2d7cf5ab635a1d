import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { REGISTRATION_STATUSES } from '../../core/db/schema.js';
import {
  closeRegistration,
  findRegistration,
  listRegistrations,
  type RegistrationRow,
} from '../../core/db/vaccination-registrations-repository.js';
import { csvLine, parseCsv } from '../../core/domain/csv.js';
import type { DomainServices } from '../../core/domain/domain-services.js';
import { maskNationalId } from '../../core/domain/national-id.js';
import { csvMaxBytes, csvUploadOptions } from './csv-upload.js';
import { HttpProblem } from './error-handler.js';
import { requireRowInScope, scopeOf } from './known-ward.js';
import { auditExport } from './request-audit.js';

const filterQuery = z.strictObject({
  siteId: z.uuid().optional(),
  slotId: z.uuid().optional(),
  date: z.iso.date().optional(),
  priorityGroup: z.string().max(40).optional(),
  status: z.enum(REGISTRATION_STATUSES).optional(),
  idNumber: z
    .string()
    .regex(/^(\d{9}|\d{12})$/, '9 or 12 digits')
    .optional(),
});
const NOT_FOUND = 'No registration with this id.';
const CSV_HEADER = [
  'code',
  'status',
  'full_name',
  'birth_year',
  'id_number',
  'priority_group',
  'dose',
  'previous_vaccine',
  'vaccine',
  'site_code',
  'starts_at',
  'for_self',
] as const;

/** Registrations for the sites' staff: lists by site / slot / day / group / status, CSV export, done and no-show. */
export function vaccinationRegistrationRoutes(deps: { db: Database } & DomainServices): FastifyPluginAsyncZod {
  const { db } = deps;
  const domain: DomainServices = deps;
  const tags = ['vaccination'];
  const security = [{ bearer: [] }];
  // Staff see the last three digits: enough to tell two people apart at the desk, useless to anyone who copies it.
  const view = ({ registration, slot, site }: RegistrationRow) => {
    const { idCipher, idHash: _hash, ...rest } = registration;
    return {
      ...rest,
      idNumber: maskNationalId(domain.nationalIds.decrypt(idCipher)),
      slot: { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, vaccine: slot.vaccine },
      site: { id: site.id, code: site.code, name: site.name },
    };
  };
  // Lists are cut to the sites of the caller's areas.
  const byHash = (request: FastifyRequest, { idNumber, ...filter }: z.infer<typeof filterQuery>) => ({
    ...filter,
    scope: scopeOf(request),
    idHash: idNumber ? domain.nationalIds.lookupHash(idNumber) : undefined,
  });
  // Reminders and follow-ups follow the new status through the reminder sync (workers/vaccination-reminders.ts).
  const close = (request: FastifyRequest, where: { id: string } | { code: string }, to: 'done' | 'no_show') =>
    closeRegistration(db, where, to, domain.now(), scopeOf(request));
  const mustClose = async (request: FastifyRequest, id: string, to: 'done' | 'no_show') => {
    const found = await findRegistration(db, { id });
    if (!found) throw new HttpProblem(404, 'not_found', NOT_FOUND);
    await requireRowInScope(db, request, found.site.wardCode, NOT_FOUND);
    const closed = await close(request, { id }, to);
    if (closed) return { registration: closed };
    throw new HttpProblem(409, 'not_booked', 'Only a booked registration can be marked done or no-show.');
  };

  return async (app) => {
    app.get(
      '/vaccination/registrations',
      {
        schema: {
          summary: 'Registrations matching the filters, 200 a page (pass the last id as after)',
          tags,
          security,
          querystring: filterQuery.extend({
            after: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(200),
          }),
        },
      },
      async (request) => {
        const { after, limit, ...filter } = request.query;
        const rows = await listRegistrations(db, byHash(request, filter), { afterId: after, limit });
        return { registrations: rows.map(view), next: rows.length === limit ? rows.at(-1)?.registration.id : null };
      },
    );

    app.get(
      '/vaccination/registrations.csv',
      {
        schema: {
          summary: 'Registrations matching the filters as CSV (ID numbers masked)',
          tags,
          security,
          querystring: filterQuery,
        },
      },
      async (request, reply) => {
        // The ID number a list was searched by is personal data: the audit says one was given, not which.
        const { idNumber, ...filters } = request.query;
        const exported = { ...filters, ...(idNumber ? { idNumber: 'given' } : {}) };
        await auditExport(db, request, 'vaccination_registrations', exported);
        let body = csvLine(CSV_HEADER);
        let afterId: string | undefined;
        for (;;) {
          const rows = await listRegistrations(db, byHash(request, request.query), { afterId, limit: 2000 });
          for (const row of rows) {
            const v = view(row);
            body += csvLine([
              v.code,
              v.status,
              v.fullName,
              v.birthYear,
              v.idNumber,
              v.priorityGroup,
              v.dose,
              v.previousVaccine,
              v.slot.vaccine,
              v.site.code,
              v.slot.startsAt.toISOString(),
              v.forSelf ? 'yes' : 'no',
            ]);
          }
          if (rows.length < 2000) break;
          afterId = rows.at(-1)?.registration.id;
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="vaccination-registrations.csv"')
          .send(body);
      },
    );

    app.post(
      '/vaccination/registrations/:id/done',
      {
        schema: {
          summary: 'The shot was given: follow-ups and next-dose reminder start',
          tags,
          security,
          params: z.strictObject({ id: z.uuid() }),
        },
      },
      async (request) => mustClose(request, request.params.id, 'done'),
    );

    app.post(
      '/vaccination/registrations/:id/no-show',
      { schema: { summary: 'The person did not come', tags, security, params: z.strictObject({ id: z.uuid() }) } },
      async (request) => mustClose(request, request.params.id, 'no_show'),
    );

    app.post(
      '/vaccination/registrations/done',
      {
        ...csvUploadOptions(csvMaxBytes(domain.config)),
        schema: {
          summary: "Mark many done from a CSV with a 'code' column (the site's list of the day), at your areas' sites",
          tags,
          security,
          body: z.strictObject({ csv: z.string().min(1) }),
        },
      },
      async (request) => {
        const [header, ...lines] = parseCsv(request.body.csv);
        const column = (header ?? []).map((name) => name.trim().toLowerCase()).indexOf('code');
        if (column < 0) throw new HttpProblem(400, 'invalid_csv', 'The CSV needs a "code" column in its first row.');
        let done = 0;
        const rejected: { row: number; reason: string }[] = [];
        for (const [index, fields] of lines.entries()) {
          const code = (fields[column] ?? '').trim().toUpperCase();
          if (await close(request, { code }, 'done')) done += 1;
          else rejected.push({ row: index + 2, reason: code ? `${code} is not a booked registration` : 'no code' });
        }
        return { done, rejected };
      },
    );
  };
}
