import { z } from 'zod';

/** A campaign's message: free text per language, with {{name}}-style placeholders filled per person. */
export const campaignMessageSchema = z.strictObject({
  text: z
    .strictObject({ vi: z.string().min(1).max(1000).optional(), en: z.string().min(1).max(1000).optional() })
    .refine((text) => text.vi !== undefined || text.en !== undefined, 'give the text in vi, en or both'),
});
export type CampaignMessage = z.infer<typeof campaignMessageSchema>;

export type MessageParams = Readonly<Record<string, string | number>>;

/** The text a person reads: their language when given (else the other one), placeholders filled from params. */
export function renderCampaignMessage(message: CampaignMessage, locale: 'vi' | 'en', params: MessageParams): string {
  const template = message.text[locale] ?? message.text.vi ?? message.text.en ?? '';
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** Placeholders a template uses that the params do not fill (reported before anything is sent). */
export function missingParams(message: CampaignMessage, params: MessageParams): string[] {
  const names = new Set<string>();
  for (const text of [message.text.vi, message.text.en]) {
    for (const match of text?.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g) ?? []) if (match[1]) names.add(match[1]);
  }
  return [...names].filter((name) => params[name] === undefined);
}
