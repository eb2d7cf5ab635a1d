import { z } from 'zod';
import { CAMPAIGN_KINDS } from '../db/schema.js';

const LOCALES = ['vi', 'en'] as const;

/** Every processor a process can run; `WORKERS` picks a subset ("schedules": the domain modules' timed jobs). */
export const WORKER_NAMES = ['inbound', 'outbound', 'campaigns', 'schedules'] as const;

/** An optional variable: unset and empty (as `.env` files often leave them) both mean "not given". */
function optional<T extends z.ZodType<unknown, string>>(schema: T) {
  return z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .pipe(schema.optional());
}

const optionalUrl = optional(z.url());

function flag(defaultValue: boolean) {
  return z
    .enum(['true', 'false', '1', '0'])
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default('./.data'),
  REDIS_URL: optionalUrl,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _ - { } only')
    .default('covid'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('vi'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKERS: z
    .string()
    .default('all')
    .transform((value, ctx) => {
      const names = value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      if (names.length === 1 && names[0] === 'all') return [...WORKER_NAMES];
      if (names.length === 1 && names[0] === 'none') return [];
      const unknown = names.filter((name) => !(WORKER_NAMES as readonly string[]).includes(name));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown worker(s) ${unknown.join(', ')}; known: ${WORKER_NAMES.join(', ')}, all, none`,
        });
        return z.NEVER;
      }
      return names as (typeof WORKER_NAMES)[number][];
    }),
  ADMIN_API_TOKEN: optional(z.string().min(24, 'must be at least 24 characters')),
  // Where a private redis-server is looked up when REDIS_URL is unset.
  PATH: z.string().default(''),
  TURN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  // How long a stop (SIGTERM) waits for each part to close before leaving it behind; under an orchestrator's grace
  // (systemd 90 s, Kubernetes 30 s), so the database still closes when Redis is gone.
  STOP_GRACE_S: z.coerce.number().int().min(1).max(300).default(10),
  // The largest CSV a staff member may upload (a campaign's phone list, a household list, sites, the day's list).
  CSV_UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(5),
  // Routine campaign messages wait out these hours (Asia/Ho_Chi_Minh) for the morning; urgent alerts do not.
  QUIET_HOURS: z
    .string()
    .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/, 'must be START-END hours, e.g. 21-7')
    .default('21-7')
    .transform((value) => {
      const [startHour, endHour] = value.split('-').map(Number);
      return { startHour: startHour ?? 21, endHour: endHour ?? 7 };
    }),
  // How often a held campaign message (paused, quiet hours) looks again.
  CAMPAIGN_RECHECK_MS: z.coerce.number().int().min(50).default(5_000),
  // Home monitoring: the hour (Asia/Ho_Chi_Minh) the daily check is sent, then a reminder and an escalation to ward
  // staff for a check still unanswered after these delays.
  MONITORING_CHECK_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  MONITORING_REMINDER_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 3600_000),
  MONITORING_ESCALATE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(6 * 3600_000),
  INBOUND_FLOOD_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),

  // Venue check-in and exposure matching.
  CHECKIN_DEFAULT_DWELL_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  CHECKIN_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(21),
  EXPOSURE_BUFFER_MIN: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  EXPOSURE_MIN_OVERLAP_MIN: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(0),
  // true: a registered case alerts its exposed people at once, without a staff approval.
  EXPOSURE_AUTO_SEND: flag(false),
  // Signs the tokens in venue check-in links; unset → a random key kept in the database (service_secrets).
  VENUE_LINK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  // The bot's @username, for t.me deep links on posters; ZALO_OA_ID for the OA chat link.
  TELEGRAM_BOT_USERNAME: optional(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a Telegram username without @')),
  ZALO_OA_ID: optional(z.string().regex(/^\d{5,25}$/, 'the numeric OA id')),
  // Master key of stored ID numbers (AES-256-GCM + keyed lookup hash): 32 bytes in base64. Required with DATABASE_URL or
  // in production; the embedded default keeps its own under DATA_DIR (core/crypto/national-id-key.ts).
  NATIONAL_ID_KEY: optional(
    z
      .base64('must be base64')
      .transform((value) => Buffer.from(value, 'base64'))
      .refine((key) => key.length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)'),
  ),
  // Priority groups offered at vaccination sign-up, in this order (each needs a label vaccination:groups.<code>).
  VACCINATION_PRIORITY_GROUPS: z
    .string()
    .default('health_worker,over_65,chronic_illness,essential_worker,general')
    .transform((value) =>
      value
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9_]+$/, 'codes of a-z 0-9 _')).min(1)),
  // How often bookings whose status changed get their reminder jobs added or removed.
  VACCINATION_SYNC_MS: z.coerce.number().int().min(50).default(2_000),
  // Vaccines and the days until their next dose: Name=days, comma separated.
  VACCINES: z
    .string()
    .default('AstraZeneca=84,Pfizer=21,Moderna=28,Vero Cell=21,Abdala=14')
    .transform((value, ctx) => {
      const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const vaccines = new Map<string, number>();
      for (const entry of entries) {
        const match = /^([^=]{1,40})=(\d{1,3})$/.exec(entry);
        if (!match?.[1] || !match[2]) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not Name=days` });
          return z.NEVER;
        }
        vaccines.set(match[1].trim(), Number(match[2]));
      }
      if (vaccines.size === 0) {
        ctx.addIssue({ code: 'custom', message: 'name at least one vaccine' });
        return z.NEVER;
      }
      return vaccines as ReadonlyMap<string, number>;
    }),

  // SMS rendering: folded to GSM-7 without diacritics unless SMS_UNICODE=true (UCS-2 costs twice the segments).
  SMS_UNICODE: flag(false),
  SMS_SHORTCODE: optional(z.string().max(20)),
  // Price of one SMS segment per carrier (the SMPP gateway's name, or "twilio"), and for any other: "default".
  // Used by campaign previews to estimate cost; amounts in SMS_PRICE_CURRENCY.
  SMS_PRICE_PER_SEGMENT: z
    .string()
    .default('default=350')
    .transform((value, ctx) => {
      const prices: Record<string, number> = {};
      for (const entry of value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const match = /^([a-z0-9_-]+)=(\d+(?:\.\d+)?)$/i.exec(entry);
        if (!match?.[1] || !match[2]) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not carrier=price, e.g. viettel=350` });
          return z.NEVER;
        }
        prices[match[1].toLowerCase()] = Number(match[2]);
      }
      return prices;
    }),
  SMS_PRICE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as VND')
    .default('VND'),

  TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-xyz')),
  TELEGRAM_WEBHOOK_SECRET: optional(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z a-z 0-9 _ -')),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  // Reply keyboards by default: big buttons where the phone keyboard was, a tap shows as an ordinary message, and no
  // 64-byte callback limit cuts long Vietnamese labels. "inline" puts buttons under the message instead.
  TELEGRAM_KEYBOARD: z.enum(['reply', 'inline']).default('reply'),

  ZALO_APP_ID: optional(z.string()),
  ZALO_APP_SECRET: optional(z.string()),
  ZALO_OA_SECRET_KEY: optional(z.string()),
  ZALO_ACCESS_TOKEN: optional(z.string()),
  ZALO_REFRESH_TOKEN: optional(z.string()),
  ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
  ZALO_ZNS_BASE: z.url().default('https://business.openapi.zalo.me'),
  // ZNS templates approved by Zalo, per campaign kind ("exposure=231234,reminder=231235"): with them, campaigns
  // reach phones that never followed the OA through ZNS before Telegram and SMS.
  ZALO_ZNS_TEMPLATES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const templates: Partial<Record<(typeof CAMPAIGN_KINDS)[number], string>> = {};
      for (const entry of value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const match = /^([a-z]+)=(\d{1,20})$/.exec(entry);
        const kind = CAMPAIGN_KINDS.find((name) => name === match?.[1]);
        if (!kind || !match?.[2]) {
          ctx.addIssue({
            code: 'custom',
            message: `"${entry}" is not kind=templateId with kind one of ${CAMPAIGN_KINDS.join(', ')}`,
          });
          return z.NEVER;
        }
        templates[kind] = match[2];
      }
      return templates;
    }),

  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')),
  TWILIO_AUTH_TOKEN: optional(z.string()),
  TWILIO_FROM: optional(z.string()),
  TWILIO_MESSAGING_SERVICE_SID: optional(z.string()),
  TWILIO_API_BASE: optional(z.url()),
  // Twilio queues what exceeds a sender's rate itself, but bills it; 1/s per long code, more per Messaging Service.
  TWILIO_MAX_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),

  // name=smpp://system_id:password@host:port?tps=N&prefixes=86,96,32-39&source=BRAND;name2=...
  SMPP_GATEWAYS: optional(z.string()),
  SMPP_FALLBACK_GATEWAY: optional(z.string()),
});

export type Config = z.infer<typeof envSchema>;
export type Locale = (typeof LOCALES)[number];
export type WorkerName = (typeof WORKER_NAMES)[number];
export const SUPPORTED_LOCALES: readonly Locale[] = LOCALES;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Validates an environment once; throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration — ${problems.join('; ')}`);
}

/** The process environment, validated. The only reader of process.env in the service. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  return parseConfig({ ...process.env, ...overrides });
}
