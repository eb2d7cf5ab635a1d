import { z } from 'zod';
import { type Config, ConfigError } from '../../../core/config/env.js';

const twilioSmsConfigSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits'),
    authToken: z.string('TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID').min(1),
    from: z.string().min(1).optional(),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex digits')
      .optional(),
    /** Without it no StatusCallback is sent, so no delivery reports arrive. */
    publicUrl: z.url().optional(),
    /** Replaces https://api.twilio.com (tests point it at a local fake). */
    apiBase: z.url().optional(),
    /** Send diacritics as UCS-2 instead of folding to GSM-7. */
    unicode: z.boolean(),
  })
  .refine((config) => config.from !== undefined || config.messagingServiceSid !== undefined, {
    message: 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required with TWILIO_ACCOUNT_SID',
  });

/** What the Twilio SMS sender needs, checked together (the env schema checks each variable alone). */
export type TwilioSmsConfig = z.infer<typeof twilioSmsConfigSchema>;

/** The Twilio settings from the service config; undefined when TWILIO_ACCOUNT_SID is unset (channel off). */
export function twilioSmsConfigFrom(config: Config): TwilioSmsConfig | undefined {
  if (config.TWILIO_ACCOUNT_SID === undefined) return undefined;
  const parsed = twilioSmsConfigSchema.safeParse({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    from: config.TWILIO_FROM,
    messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    publicUrl: config.PUBLIC_URL,
    apiBase: config.TWILIO_API_BASE,
    unicode: config.SMS_UNICODE,
  });
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `Invalid Twilio configuration — ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
  );
}
