import { z } from 'zod';

const LOCALES = ['vi', 'en'] as const;
/** Every processor a process can run; `WORKERS` picks a subset. */
export const WORKER_NAMES = ['inbound'] as const;

/** An optional variable: unset and empty (as `.env` files often leave them) both mean "not given". */
function optional<T extends z.ZodType<unknown, string>>(schema: T) {
  return z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .pipe(schema.optional());
}

const optionalUrl = optional(z.url());

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
