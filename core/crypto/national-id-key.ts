import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Config, ConfigError } from '../config/env.js';

const KEY_FILE = 'national-id.key';

/**
 * The master key of ID numbers: NATIONAL_ID_KEY when set. The embedded default (no DATABASE_URL, not production) keeps
 * a random key next to its data under DATA_DIR, created on first start. A shared PostgreSQL is read by several
 * processes that must all hold the same key, and a lost key loses every stored ID, so there it must be configured.
 */
export function nationalIdMasterKey(config: Config): Buffer {
  if (config.NATIONAL_ID_KEY) return config.NATIONAL_ID_KEY;
  if (config.NODE_ENV === 'production' || config.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration — NATIONAL_ID_KEY: required with DATABASE_URL or in production (32 random bytes in base64: `openssl rand -base64 32`)',
    );
  }
  const dir = resolve(config.DATA_DIR);
  const path = join(dir, KEY_FILE);
  mkdirSync(dir, { recursive: true });
  try {
    // "wx": two processes starting at once on one data dir cannot both create it; the loser reads the winner's key.
    writeFileSync(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
}
