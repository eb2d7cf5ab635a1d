import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/env.js';
import { nationalIdMasterKey } from './national-id-key.js';

describe('nationalIdMasterKey', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('uses NATIONAL_ID_KEY when set', () => {
    const key = randomBytes(32);
    expect(nationalIdMasterKey(parseConfig({ NATIONAL_ID_KEY: key.toString('base64') })).equals(key)).toBe(true);
  });

  it.each([
    { description: 'in production', env: { NODE_ENV: 'production' } },
    { description: 'with a shared PostgreSQL', env: { DATABASE_URL: 'postgres://db/covid' } },
  ])('is required $description', ({ env }) => {
    expect(() => nationalIdMasterKey(parseConfig(env))).toThrow(ConfigError);
    expect(() => nationalIdMasterKey(parseConfig(env))).toThrow('NATIONAL_ID_KEY');
  });

  it('keeps one private key under DATA_DIR in the embedded mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epi-key-'));
    dirs.push(dir);
    const config = parseConfig({ DATA_DIR: dir });
    const first = nationalIdMasterKey(config);
    expect(first).toHaveLength(32);
    expect(nationalIdMasterKey(config).equals(first)).toBe(true);
    expect((await stat(join(dir, 'national-id.key'))).mode & 0o777).toBe(0o600);
  });
});
