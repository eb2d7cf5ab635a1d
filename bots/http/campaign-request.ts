import { z } from 'zod';
import { cohortSources } from '../../core/db/cohort-sources.js';
import { CAMPAIGN_KINDS } from '../../core/db/schema.js';
import { campaignMessageSchema, placeholdersToFill, type TemplateLookup } from '../../core/domain/campaign-message.js';
import { parseCsv } from '../../core/domain/csv.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';

const params = z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.union([z.string(), z.number()]).transform(String));

export const campaignBody = z.strictObject({
  kind: z.enum(CAMPAIGN_KINDS),
  title: z.string().trim().min(1).max(200),
  message: campaignMessageSchema,
  audience: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('phones'),
      recipients: z.array(z.strictObject({ phone: z.string().max(40), params: params.optional() })).min(1),
    }),
    // A spreadsheet export: a "phone" column, every other column a parameter of that person's message.
    z.strictObject({ type: z.literal('csv'), csv: z.string().min(1) }),
    z.strictObject({ type: z.literal('wards'), wards: z.array(z.string().min(1).max(20)).min(1).max(500) }),
    z.strictObject({ type: z.literal('everyone') }),
    // People another capability knows: the visitors exposed to a case, the registrants of a slot...
    z.strictObject({
      type: z.literal('cohort'),
      cohort: z.string().refine((name) => cohortSources.has(name), {
        message: `a known cohort: ${[...cohortSources.keys()].join(', ') || 'none yet'}`,
      }),
      ref: z.string().min(1).max(100),
    }),
  ]),
  // Unset: Zalo → (ZNS when a template is configured for the kind) → Telegram → SMS.
  channelPolicy: z
    .array(z.enum(['zalo', 'zns', 'telegram', 'sms']))
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'no channel twice')
    .optional(),
  urgent: z.boolean().default(false),
  requiresApproval: z.boolean().default(false),
  createdBy: z.string().trim().min(1).max(100),
  sendAfter: z.iso.datetime({ offset: true }).optional(),
});
export type CampaignBody = z.infer<typeof campaignBody>;

export interface Recipients {
  /** Each with the values its message fills in, left out when it has none. */
  accepted: { phone: string; params?: Record<string, string> }[];
  rejected: { row: number; reason: string }[];
}

/** The uploaded audience, checked row by row: a bad phone or a missing placeholder value is reported, not sent. */
export function readRecipients(body: CampaignBody, lookup: TemplateLookup): Recipients | { error: string } {
  const audience = body.audience;
  const result: Recipients = { accepted: [], rejected: [] };
  // Once per list, not per row: a million-phone list checked its template a million times.
  const toFill = placeholdersToFill(body.message, lookup);
  const accept = (row: number, given: string, params: Record<string, string> | undefined): void => {
    const phone = normalizeVietnamesePhone(given);
    const missing = toFill.filter((name) => params?.[name] === undefined);
    if (!phone) result.rejected.push({ row, reason: 'not a Vietnamese mobile number' });
    else if (missing.length > 0) result.rejected.push({ row, reason: `no value for ${missing.join(', ')}` });
    else result.accepted.push(params && Object.keys(params).length > 0 ? { phone, params } : { phone });
  };
  if (audience.type === 'phones') {
    for (const [index, recipient] of audience.recipients.entries())
      accept(index + 1, recipient.phone, recipient.params);
  } else if (audience.type === 'csv') {
    const [header, ...lines] = parseCsv(audience.csv);
    const columns = (header ?? []).map((name) => name.trim());
    const phoneColumn = columns.indexOf('phone');
    if (phoneColumn < 0) return { error: 'the CSV needs a "phone" column in its first row' };
    lines.forEach((fields, index) => {
      const params = Object.fromEntries(
        columns.flatMap((name, column) => (column === phoneColumn ? [] : [[name, (fields[column] ?? '').trim()]])),
      );
      accept(index + 1, fields[phoneColumn] ?? '', params);
    });
  }
  return result;
}
