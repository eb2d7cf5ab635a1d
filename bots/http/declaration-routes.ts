import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import {
  type DeclarationCursor,
  type DeclarationFilter,
  findDeclarationByReceipt,
  listDeclarations,
} from '../../core/db/declarations-repository.js';
import { DECLARATION_KINDS, type Declaration, RISK_LEVELS } from '../../core/db/schema.js';
import { csvLine } from '../../core/domain/csv.js';
import { maskName, normalizeReceiptCode } from '../../core/domain/receipt-code.js';
import { RISK_COLOURS } from '../../core/domain/risk-rules.js';
import { addDays } from '../../core/domain/vietnam-date.js';
import { maskPhone } from '../../core/text/phone.js';
import { HttpProblem } from './error-handler.js';
import { scopedWard } from './known-ward.js';
import { auditExport } from './request-audit.js';

const isoDay = z.iso.date();
const listQuery = z.strictObject({
  ward: z
    .string()
    .regex(/^\d{5}$/, 'a 5-digit ward code')
    .optional(),
  /** Vietnam calendar days, both included. */
  from: isoDay.optional(),
  to: isoDay.optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  kind: z.enum(DECLARATION_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const CSV_PAGE = 2000;
const CSV_COLUMNS = [
  'created_at',
  'kind',
  'risk_level',
  'rule_version',
  'risk_reasons',
  'full_name',
  'birth_year',
  'gender',
  'phone',
  'ward_code',
  'address',
  'symptoms',
  'exposures',
  'vaccine_doses',
  'channel',
  'receipt_code',
] as const;

const vietnamMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);

function encodeCursor(row: Declaration): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): DeclarationCursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !z.uuid().safeParse(id).success || Number.isNaN(createdAt.getTime())) {
    throw new HttpProblem(400, 'invalid_cursor', 'The cursor is not one this API returned.');
  }
  return { createdAt, id };
}

function declarationCsvLine(row: Declaration): string {
  const fields = [
    row.createdAt.toISOString(),
    row.kind,
    row.riskLevel,
    row.ruleVersion,
    row.riskReasons.join(' '),
    row.fullName,
    row.birthYear,
    row.gender,
    row.phone,
    row.wardCode,
    row.address,
    row.symptoms.join(' '),
    row.exposures.join(' '),
    row.vaccineDoses,
    row.channel,
    row.receiptCode,
  ];
  return csvLine(fields);
}

/** Health staff read declarations (filtered, paged, or as CSV) and verify receipts shown at a checkpoint. */
export function declarationRoutes(deps: { db: Database; now: () => Date }): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ['declarations'];
  const security = [{ bearer: [] }];
  return async (app) => {
    app.get(
      '/declarations',
      {
        schema: {
          summary: 'Declarations newest first; filter by ward, Vietnam dates, risk, kind; page with cursor or CSV',
          tags,
          security,
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const query = request.query;
        if (query.from && query.to && query.from > query.to) {
          throw new HttpProblem(400, 'invalid_range', '"from" is after "to".');
        }
        const ward = await scopedWard(deps.db, request, query.ward);
        const filter: DeclarationFilter = {
          ...(ward ? { wardCode: ward } : {}),
          ...(query.from ? { from: vietnamMidnight(query.from) } : {}),
          ...(query.to ? { to: vietnamMidnight(addDays(query.to, 1)) } : {}),
          ...(query.risk ? { riskLevel: query.risk } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
        };
        if (query.format === 'csv') {
          const { format: _format, limit: _limit, cursor: _cursor, ...filters } = query;
          await auditExport(db, request, 'declarations', filters);
          // The whole filtered set, page by page: a ward's week is what an official takes into a spreadsheet.
          let body = `${CSV_COLUMNS.join(',')}\n`;
          let after: DeclarationCursor | undefined;
          for (;;) {
            const page = await listDeclarations(db, filter, CSV_PAGE, after);
            for (const row of page) body += declarationCsvLine(row);
            const last = page.at(-1);
            if (!last || page.length < CSV_PAGE) break;
            after = { createdAt: last.createdAt, id: last.id };
          }
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="declarations.csv"')
            .send(body);
        }
        const after = query.cursor ? decodeCursor(query.cursor) : undefined;
        const page = await listDeclarations(db, filter, query.limit + 1, after);
        const rows = page.slice(0, query.limit);
        const last = rows.at(-1);
        return {
          declarations: rows,
          nextCursor: page.length > query.limit && last ? encodeCursor(last) : null,
        };
      },
    );

    app.get(
      '/receipts/:code',
      {
        schema: {
          summary: 'Verify a declaration receipt: masked name, time, risk colour, expiry',
          tags,
          security,
          params: z.strictObject({ code: z.string().max(20) }),
        },
      },
      async (request) => {
        const code = normalizeReceiptCode(request.params.code);
        if (!code) throw new HttpProblem(400, 'invalid_code', 'A receipt code is 8 letters and digits.');
        const declaration = await findDeclarationByReceipt(db, code);
        if (!declaration) throw new HttpProblem(404, 'not_found', 'No declaration has this receipt code.');
        return {
          code,
          valid: declaration.receiptExpiresAt > deps.now(),
          kind: declaration.kind,
          name: maskName(declaration.fullName),
          phone: declaration.phone ? maskPhone(declaration.phone) : null,
          birthYear: declaration.birthYear,
          declaredAt: declaration.createdAt,
          expiresAt: declaration.receiptExpiresAt,
          riskLevel: declaration.riskLevel,
          colour: RISK_COLOURS[declaration.riskLevel],
        };
      },
    );
  };
}
