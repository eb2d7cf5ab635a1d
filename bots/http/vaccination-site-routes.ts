import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import {
  createSite,
  createSlot,
  findSite,
  findSlot,
  listSites,
  listSlots,
  type NewSite,
  updateSite,
  updateSlot,
  upsertSites,
} from '../../core/db/vaccination-sites-repository.js';
import { parseCsv } from '../../core/domain/csv.js';
import type { DomainServices } from '../../core/domain/domain-services.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';

const idParams = z.strictObject({ id: z.uuid() });
const phone = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const normalized = normalizeVietnamesePhone(value);
    if (normalized) return normalized;
    ctx.addIssue({ code: 'custom', message: 'not a Vietnamese mobile number' });
    return z.NEVER;
  });
const siteFields = {
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(300),
  wardCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'a 5-digit ward code'),
  contactName: z.string().trim().max(100).optional(),
  contactPhone: phone,
};
const siteBody = z.strictObject(siteFields);
const sitePatch = z
  .strictObject({ ...siteFields, status: z.enum(['open', 'closed']) })
  .omit({ code: true })
  .partial();

const CSV_COLUMNS = ['code', 'name', 'address', 'ward_code', 'contact_name', 'contact_phone'] as const;

/** Sites and slots of vaccination, for the health centres' staff. */
export function vaccinationSiteRoutes(deps: { db: Database } & DomainServices): FastifyPluginAsyncZod {
  const { db } = deps;
  const domain: DomainServices = deps;
  const tags = ['vaccination'];
  const security = [{ bearer: [] }];
  const vaccine = z
    .string()
    .refine((name) => domain.config.VACCINES.has(name), `one of ${[...domain.config.VACCINES.keys()].join(', ')}`);
  const slotFields = {
    startsAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    endsAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    vaccine,
    capacity: z.number().int().min(1).max(100_000),
  };
  const inFuture = (startsAt: Date | undefined) => {
    if (startsAt && startsAt <= domain.now())
      throw new HttpProblem(400, 'slot_in_past', 'A slot must start in the future.');
  };
  const ordered = (startsAt: Date | undefined, endsAt: Date | undefined) => {
    if (startsAt && endsAt && endsAt <= startsAt)
      throw new HttpProblem(400, 'invalid_window', 'endsAt must be after startsAt.');
  };

  return async (app) => {
    app.post(
      '/vaccination/sites',
      { schema: { summary: 'Create a site', tags, security, body: siteBody } },
      async (request, reply) => {
        const site = await createSite(db, request.body);
        if (!site) throw new HttpProblem(409, 'code_taken', `A site with code ${request.body.code} exists.`);
        return reply.status(201).send({ site });
      },
    );

    app.get(
      '/vaccination/sites',
      {
        schema: {
          summary: 'Sites, by ward',
          tags,
          security,
          querystring: z.strictObject({ wardCode: z.string().optional() }),
        },
      },
      async (request) => ({ sites: await listSites(db, request.query) }),
    );

    app.patch(
      '/vaccination/sites/:id',
      { schema: { summary: 'Change a site (or open / close it)', tags, security, params: idParams, body: sitePatch } },
      async (request) => {
        const site = await updateSite(db, request.params.id, request.body);
        if (!site) throw new HttpProblem(404, 'not_found', 'No site with this id.');
        return { site };
      },
    );

    app.post(
      '/vaccination/sites/:id/close',
      { schema: { summary: 'Close a site: nobody can book its slots any more', tags, security, params: idParams } },
      async (request) => {
        const site = await updateSite(db, request.params.id, { status: 'closed' });
        if (!site) throw new HttpProblem(404, 'not_found', 'No site with this id.');
        return { site };
      },
    );

    app.post(
      '/vaccination/sites/import',
      {
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          summary: `Create or update sites from CSV (columns ${CSV_COLUMNS.join(', ')}), by code`,
          tags,
          security,
          body: z.strictObject({ csv: z.string().min(1) }),
        },
      },
      async (request) => {
        const [header, ...lines] = parseCsv(request.body.csv);
        const columns = (header ?? []).map((name) => name.trim().toLowerCase());
        const missing = CSV_COLUMNS.filter((name) => name !== 'contact_name' && !columns.includes(name));
        if (missing.length > 0)
          throw new HttpProblem(400, 'invalid_csv', `The CSV lacks the column(s) ${missing.join(', ')}.`);
        const accepted: NewSite[] = [];
        const rejected: { row: number; reason: string }[] = [];
        lines.forEach((fields, index) => {
          const value = (name: string) => fields[columns.indexOf(name)]?.trim() || undefined;
          const parsed = siteBody.safeParse({
            code: value('code'),
            name: value('name'),
            address: value('address'),
            wardCode: value('ward_code'),
            contactName: value('contact_name'),
            contactPhone: value('contact_phone'),
          });
          if (parsed.success) accepted.push(parsed.data);
          else
            rejected.push({
              row: index + 2,
              reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            });
        });
        const codes = accepted.map((site) => site.code);
        const twice = codes.filter((code, index) => codes.indexOf(code) !== index);
        if (twice.length > 0)
          throw new HttpProblem(400, 'invalid_csv', `Site code(s) twice in the file: ${twice.join(', ')}.`);
        return { ...(await upsertSites(db, accepted)), rejected };
      },
    );

    app.post(
      '/vaccination/slots',
      {
        schema: {
          summary: 'Create a slot at a site',
          tags,
          security,
          body: z.strictObject({ siteId: z.uuid(), ...slotFields }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        inFuture(body.startsAt);
        ordered(body.startsAt, body.endsAt);
        const site = await findSite(db, body.siteId);
        if (!site) throw new HttpProblem(404, 'not_found', 'No site with this id.');
        if (site.status !== 'open') throw new HttpProblem(409, 'site_closed', 'The site is closed.');
        return reply.status(201).send({ slot: await createSlot(db, body) });
      },
    );

    app.get(
      '/vaccination/slots',
      {
        schema: {
          summary: 'Slots, by site, from a time',
          tags,
          security,
          querystring: z.strictObject({
            siteId: z.uuid().optional(),
            from: z.iso
              .datetime({ offset: true })
              .transform((value) => new Date(value))
              .optional(),
          }),
        },
      },
      async (request) => ({ slots: await listSlots(db, request.query) }),
    );

    app.patch(
      '/vaccination/slots/:id',
      {
        schema: {
          summary: 'Change a slot (capacity never below the places booked), or open / close it',
          tags,
          security,
          params: idParams,
          body: z.strictObject({ ...slotFields, status: z.enum(['open', 'closed']) }).partial(),
        },
      },
      async (request) => {
        const current = await findSlot(db, request.params.id);
        if (!current) throw new HttpProblem(404, 'not_found', 'No slot with this id.');
        inFuture(request.body.startsAt);
        // Half a window is checked against the other, stored half.
        ordered(request.body.startsAt ?? current.startsAt, request.body.endsAt ?? current.endsAt);
        const result = await updateSlot(db, request.params.id, request.body);
        if (result.ok) return { slot: result.slot };
        if (result.reason === 'notFound') throw new HttpProblem(404, 'not_found', 'No slot with this id.');
        throw new HttpProblem(409, 'below_booked', 'More places are booked than this capacity.');
      },
    );

    app.post(
      '/vaccination/slots/:id/close',
      { schema: { summary: 'Close a slot: no more bookings', tags, security, params: idParams } },
      async (request) => {
        const result = await updateSlot(db, request.params.id, { status: 'closed' });
        if (!result.ok) throw new HttpProblem(404, 'not_found', 'No slot with this id.');
        return { slot: result.slot };
      },
    );
  };
}
