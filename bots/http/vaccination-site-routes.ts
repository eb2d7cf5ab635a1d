import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { wardsWithin } from '../../core/db/area-wards-repository.js';
import type { Database } from '../../core/db/database.js';
import {
  createSite,
  createSlot,
  findSite,
  findSlot,
  listSites,
  listSitesByCode,
  listSlots,
  type NewSite,
  updateSite,
  updateSlot,
  upsertSites,
} from '../../core/db/vaccination-sites-repository.js';
import { parseCsv } from '../../core/domain/csv.js';
import type { DomainServices } from '../../core/domain/domain-services.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { csvMaxBytes, csvUploadOptions } from './csv-upload.js';
import { HttpProblem } from './error-handler.js';
import { requireRowInScope, requireWardInAreas, scopeOf } from './known-ward.js';
import { noteAudit } from './request-audit.js';
import { staffOf } from './staff-auth.js';

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
const NO_SITE = 'No site with this id.';
const NO_SLOT = 'No slot with this id.';

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
  // A site or slot outside the caller's areas is answered like a missing one.
  const mustSeeSite = async (request: FastifyRequest, id: string, notFound = NO_SITE) => {
    const site = await findSite(db, id);
    if (!site) throw new HttpProblem(404, 'not_found', notFound);
    await requireRowInScope(db, request, site.wardCode, notFound);
    return site;
  };
  const mustSeeSlot = async (request: FastifyRequest, id: string) => {
    const slot = await findSlot(db, id);
    if (!slot) throw new HttpProblem(404, 'not_found', NO_SLOT);
    await mustSeeSite(request, slot.siteId, NO_SLOT);
    return slot;
  };
  // An import by an official creates sites in their wards only, and updates no site of another ward by its code.
  const outsideAreas = async (request: FastifyRequest, rows: readonly { row: number; site: NewSite }[]) => {
    const staff = staffOf(request);
    if (staff.role === 'admin') return new Map<number, string>();
    const covered = new Set(await wardsWithin(db, staff.areas));
    const stored = await listSitesByCode(
      db,
      rows.map(({ site }) => site.code),
    );
    const foreign = new Set(stored.filter((site) => !covered.has(site.wardCode)).map((site) => site.code));
    const refused = new Map<number, string>();
    for (const { row, site } of rows) {
      if (!covered.has(site.wardCode)) refused.set(row, `ward ${site.wardCode} is outside your areas`);
      else if (foreign.has(site.code)) refused.set(row, `site ${site.code} belongs to a ward outside your areas`);
    }
    return refused;
  };

  return async (app) => {
    app.post(
      '/vaccination/sites',
      { schema: { summary: 'Create a site', tags, security, body: siteBody } },
      async (request, reply) => {
        await requireWardInAreas(db, request.body.wardCode, request);
        const site = await createSite(db, request.body);
        if (!site) throw new HttpProblem(409, 'code_taken', `A site with code ${request.body.code} exists.`);
        noteAudit(request, 'vaccination_site_created', site.id);
        return reply.status(201).send({ site });
      },
    );

    app.get(
      '/vaccination/sites',
      {
        schema: {
          summary: 'Sites of your areas, by ward',
          tags,
          security,
          querystring: z.strictObject({ wardCode: z.string().optional() }),
        },
      },
      async (request) => {
        const { wardCode } = request.query;
        if (wardCode) await requireWardInAreas(db, wardCode, request);
        return { sites: await listSites(db, { scope: scopeOf(request), wardCode }) };
      },
    );

    app.patch(
      '/vaccination/sites/:id',
      { schema: { summary: 'Change a site (or open / close it)', tags, security, params: idParams, body: sitePatch } },
      async (request) => {
        await mustSeeSite(request, request.params.id);
        if (request.body.wardCode) await requireWardInAreas(db, request.body.wardCode, request);
        const site = await updateSite(db, request.params.id, request.body);
        if (!site) throw new HttpProblem(404, 'not_found', NO_SITE);
        return { site };
      },
    );

    app.post(
      '/vaccination/sites/:id/close',
      { schema: { summary: 'Close a site: nobody can book its slots any more', tags, security, params: idParams } },
      async (request) => {
        await mustSeeSite(request, request.params.id);
        const site = await updateSite(db, request.params.id, { status: 'closed' });
        if (!site) throw new HttpProblem(404, 'not_found', NO_SITE);
        return { site };
      },
    );

    app.post(
      '/vaccination/sites/import',
      {
        ...csvUploadOptions(csvMaxBytes(domain.config)),
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
        const parsedRows: { row: number; site: NewSite }[] = [];
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
          if (parsed.success) parsedRows.push({ row: index + 2, site: parsed.data });
          else
            rejected.push({
              row: index + 2,
              reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            });
        });
        const refused = await outsideAreas(request, parsedRows);
        for (const [row, reason] of refused) rejected.push({ row, reason });
        rejected.sort((a, b) => a.row - b.row);
        const accepted = parsedRows.filter(({ row }) => !refused.has(row)).map(({ site }) => site);
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
        const site = await mustSeeSite(request, body.siteId);
        if (site.status !== 'open') throw new HttpProblem(409, 'site_closed', 'The site is closed.');
        const slot = await createSlot(db, body);
        noteAudit(request, 'vaccination_slot_created', slot.id, { siteId: site.id });
        return reply.status(201).send({ slot });
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
      async (request) => ({ slots: await listSlots(db, { ...request.query, scope: scopeOf(request) }) }),
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
        const current = await mustSeeSlot(request, request.params.id);
        inFuture(request.body.startsAt);
        // Half a window is checked against the other, stored half.
        ordered(request.body.startsAt ?? current.startsAt, request.body.endsAt ?? current.endsAt);
        const result = await updateSlot(db, request.params.id, request.body);
        if (result.ok) return { slot: result.slot };
        if (result.reason === 'notFound') throw new HttpProblem(404, 'not_found', NO_SLOT);
        throw new HttpProblem(409, 'below_booked', 'More places are booked than this capacity.');
      },
    );

    app.post(
      '/vaccination/slots/:id/close',
      { schema: { summary: 'Close a slot: no more bookings', tags, security, params: idParams } },
      async (request) => {
        await mustSeeSlot(request, request.params.id);
        const result = await updateSlot(db, request.params.id, { status: 'closed' });
        if (!result.ok) throw new HttpProblem(404, 'not_found', NO_SLOT);
        return { slot: result.slot };
      },
    );
  };
}
