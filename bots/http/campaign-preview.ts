import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderSms } from '../../core/channels/sms-render.js';
import { SUPPORTED_LOCALES } from '../../core/config/env.js';
import {
  campaignMessageSchema,
  campaignTemplates,
  missingParams,
  renderCampaignMessage,
  type TemplateLookup,
} from '../../core/domain/campaign-message.js';
import { normalizeVietnamesePhone } from '../../core/text/phone.js';
import { splitAtWords } from '../../core/text/sms-segments.js';
import { TELEGRAM_LIMITS } from '../telegram/telegram-render.js';
import { ZALO_MAX_TEXT_CHARS } from '../zalo/zalo-config.js';
import { HttpProblem } from './error-handler.js';

export interface PreviewDeps {
  lookup: TemplateLookup;
  smsUnicode: boolean;
  /** Price of one segment by carrier, with "default" for the rest. */
  prices: Readonly<Record<string, number>>;
  currency: string;
  /** The SMS route a phone goes out on now ("smpp-viettel", "twilio"), undefined when none. */
  smsRouteFor(phone: string): string | undefined;
}

const sampleSchema = z.strictObject({
  phone: z.string().max(40).optional(),
  locale: z.enum(SUPPORTED_LOCALES as ['vi', 'en']).default('vi'),
  params: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.union([z.string(), z.number()]).transform(String)).optional(),
});

type Sample = { locale: 'vi' | 'en'; phone?: string | undefined; params?: Record<string, string> | undefined };

const previewBody = z.strictObject({
  message: campaignMessageSchema,
  // Sample recipients to render for; by default one reader of each language with no parameters.
  samples: z.array(sampleSchema).min(1).max(20).optional(),
});

/**
 * `POST /campaigns/preview`: what each channel would send to sample recipients, before anything is sent — the SMS
 * as the carrier receives it (folded unless SMS_UNICODE), its encoding and segments, and what it costs on the
 * carrier that phone goes through.
 */
export function campaignPreviewRoutes(deps: PreviewDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/campaigns/preview',
      {
        config: { auditExempt: 'renders a preview; changes nothing' },
        schema: {
          summary: 'Render a campaign message per channel with SMS encoding, segments and cost',
          tags: ['campaigns'],
          security: [{ bearer: [] }],
          body: previewBody,
        },
      },
      async (request) => {
        const { message } = request.body;
        if (Object.keys(campaignTemplates(message, deps.lookup)).length === 0) {
          throw new HttpProblem(400, 'unknown_text', 'The message key names no text in locales/.');
        }
        const samples: Sample[] = request.body.samples ?? SUPPORTED_LOCALES.map((locale) => ({ locale }));
        return {
          currency: deps.currency,
          samples: samples.map((sample) => {
            const params = sample.params ?? {};
            const text = renderCampaignMessage(message, sample.locale, params, deps.lookup);
            return {
              locale: sample.locale,
              missing: missingParams(message, params, deps.lookup),
              zalo: { text, parts: splitAtWords(text, ZALO_MAX_TEXT_CHARS).length },
              telegram: { text, parts: splitAtWords(text, TELEGRAM_LIMITS.textChars).length },
              sms: smsPreview(deps, text, sample.phone),
            };
          }),
        };
      },
    );
  };
}

function smsPreview(deps: PreviewDeps, text: string, rawPhone: string | undefined) {
  const sms = renderSms({ text }, deps.smsUnicode);
  const phone = rawPhone === undefined ? undefined : normalizeVietnamesePhone(rawPhone);
  if (rawPhone !== undefined && !phone) {
    throw new HttpProblem(400, 'invalid_phone', `"${rawPhone}" is not a Vietnamese mobile number.`);
  }
  const route = phone ? deps.smsRouteFor(phone) : undefined;
  const carrier = route?.replace(/^smpp-/, '');
  const price = (carrier ? deps.prices[carrier] : undefined) ?? deps.prices.default;
  return {
    ...sms,
    characters: [...sms.text].length,
    ...(carrier ? { carrier } : {}),
    ...(price === undefined ? {} : { pricePerSegment: price, cost: price * sms.segments }),
  };
}
