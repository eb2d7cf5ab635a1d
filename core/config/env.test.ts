import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './env.js';

describe('parseConfig', () => {
  it('fills the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './.data',
      DEFAULT_LOCALE: 'vi',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'covid',
      WORKERS: ['inbound', 'outbound', 'campaigns', 'schedules'],
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', REDIS_URL: ' ', ADMIN_API_TOKEN: '' }).DATABASE_URL).toBeUndefined();
  });

  it('reads SMS prices per carrier', () => {
    expect(parseConfig({ SMS_PRICE_PER_SEGMENT: 'Viettel=300, default=412.5' }).SMS_PRICE_PER_SEGMENT).toEqual({
      viettel: 300,
      default: 412.5,
    });
  });

  it.each([
    { description: 'a port out of range', env: { PORT: '70000' }, names: 'PORT' },
    { description: 'a locale we do not speak', env: { DEFAULT_LOCALE: 'fr' }, names: 'DEFAULT_LOCALE' },
    { description: 'an unknown worker', env: { WORKERS: 'inbound,payroll' }, names: 'WORKERS' },
    { description: 'a database URL that is no URL', env: { DATABASE_URL: 'localhost' }, names: 'DATABASE_URL' },
    { description: 'a short admin token', env: { ADMIN_API_TOKEN: 'secret' }, names: 'ADMIN_API_TOKEN' },
    { description: 'a queue prefix with a colon', env: { QUEUE_PREFIX: 'a:b' }, names: 'QUEUE_PREFIX' },
    {
      description: 'a 16-byte ID key',
      env: { NATIONAL_ID_KEY: Buffer.alloc(16).toString('base64') },
      names: 'NATIONAL_ID_KEY',
    },
    { description: 'a vaccine without its interval', env: { VACCINES: 'Pfizer=21,Moderna' }, names: 'VACCINES' },
    {
      description: 'a priority group with spaces',
      env: { VACCINATION_PRIORITY_GROUPS: 'over 65' },
      names: 'VACCINATION_PRIORITY_GROUPS',
    },
    {
      description: 'a price list entry that is no price',
      env: { SMS_PRICE_PER_SEGMENT: 'viettel=cheap' },
      names: 'SMS_PRICE_PER_SEGMENT',
    },
  ])('fails fast naming the variable for $description', ({ env, names }) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(names);
  });

  it('reads vaccines with their dose intervals and the priority groups in order', () => {
    const config = parseConfig({
      VACCINES: 'Pfizer=21, Vero Cell=28',
      VACCINATION_PRIORITY_GROUPS: 'over_65, health_worker',
    });
    expect([...config.VACCINES]).toEqual([
      ['Pfizer', 21],
      ['Vero Cell', 28],
    ]);
    expect(config.VACCINATION_PRIORITY_GROUPS).toEqual(['over_65', 'health_worker']);
  });

  it('accepts a worker list and none', () => {
    expect(parseConfig({ WORKERS: ' inbound ' }).WORKERS).toEqual(['inbound']);
    expect(parseConfig({ WORKERS: 'none' }).WORKERS).toEqual([]);
  });
});
