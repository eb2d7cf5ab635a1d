import { z } from 'zod';
import type { Locale } from '../config/env.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const messageParams = z.record(
  z.string().regex(/^[A-Za-z0-9_]+$/),
  z.union([z.string(), z.number()]).transform(String),
);

/**
 * A campaign's message: free text per language, or an i18n key from locales/ (the texts other capabilities keep,
 * such as an exposure alert) with campaign-wide params. Either way {{name}}-style placeholders are filled per person,
 * the person's own params (from an uploaded list or a cohort) over the campaign's.
 */
export const campaignMessageSchema = z.union([
  z.strictObject({
    text: z
      .strictObject({ vi: z.string().min(1).max(1000).optional(), en: z.string().min(1).max(1000).optional() })
      .refine((text) => text.vi !== undefined || text.en !== undefined, 'give the text in vi, en or both'),
  }),
  z.strictObject({
    key: z.string().regex(/^[a-z][A-Za-z0-9-]*:[A-Za-z0-9_.-]+$/, 'a locales key such as "checkin:exposureAlert"'),
    params: messageParams.optional(),
  }),
]);
export type CampaignMessage = z.infer<typeof campaignMessageSchema>;

export type MessageParams = Readonly<Record<string, string | number>>;

/** The raw text of a locales key in one language (placeholders left in), undefined when it has none. */
export type TemplateLookup = (locale: Locale, key: string) => string | undefined;

/** The message's template in each language it has. */
export function campaignTemplates(message: CampaignMessage, lookup: TemplateLookup): Partial<Record<Locale, string>> {
  if ('text' in message) return message.text;
  const vi = lookup('vi', message.key);
  const en = lookup('en', message.key);
  return { ...(vi === undefined ? {} : { vi }), ...(en === undefined ? {} : { en }) };
}

/** The text a person reads: their language when given (else the other one), placeholders filled from params. */
export function renderCampaignMessage(
  message: CampaignMessage,
  locale: Locale,
  params: MessageParams,
  lookup: TemplateLookup,
): string {
  const templates = campaignTemplates(message, lookup);
  const template = templates[locale] ?? templates.vi ?? templates.en ?? '';
  const values: MessageParams = { ...('params' in message ? message.params : {}), ...params };
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

/** Placeholders a template uses that the campaign's own params do not fill: each person's values must. */
export function placeholdersToFill(message: CampaignMessage, lookup: TemplateLookup): string[] {
  const names = new Set<string>();
  for (const text of Object.values(campaignTemplates(message, lookup))) {
    for (const match of text.matchAll(PLACEHOLDER)) if (match[1]) names.add(match[1]);
  }
  const campaignParams: MessageParams = 'params' in message ? (message.params ?? {}) : {};
  return [...names].filter((name) => campaignParams[name] === undefined);
}

/** Placeholders a template uses that the params do not fill (reported before anything is sent). */
export function missingParams(message: CampaignMessage, params: MessageParams, lookup: TemplateLookup): string[] {
  return placeholdersToFill(message, lookup).filter((name) => params[name] === undefined);
}
