import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { type Locale, SUPPORTED_LOCALES } from '../config/env.js';
import { localesFolder } from '../paths.js';

export type TranslationVars = Record<string, string | number | boolean | undefined>;

/** Looks texts up by `namespace:key` in a locale; every text a person reads goes through here. */
export interface Translator {
  t(locale: Locale, key: string, vars?: TranslationVars): string;
  has(locale: Locale, key: string): boolean;
}

/** Reads locales/<locale>/<namespace>.json into one i18next resource (one namespace per file). */
export function loadLocaleResources(folder = localesFolder): Resource {
  const resources: Resource = {};
  for (const locale of SUPPORTED_LOCALES) {
    const dir = join(folder, locale);
    resources[locale] = Object.fromEntries(
      readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => [basename(file, '.json'), JSON.parse(readFileSync(join(dir, file), 'utf8'))]),
    );
  }
  return resources;
}

/** Builds the translator synchronously from the locale files. */
export function createTranslator(resources: Resource = loadLocaleResources()): Translator {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    supportedLngs: [...SUPPORTED_LOCALES],
    fallbackLng: false,
    ns: Object.keys(resources.vi ?? {}),
    defaultNS: 'common',
    initAsync: false,
    // Replies are plain text (SMS, Zalo, Telegram without HTML parse mode): nothing to escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    t: (locale, key, vars) => instance.t(key, { ...vars, lng: locale }),
    has: (locale, key) => instance.exists(key, { lng: locale }),
  };
}

/** A text's raw template (placeholders left in) in one language, undefined when the key has none there. */
export function templateOf(translator: Translator, locale: Locale, key: string): string | undefined {
  return translator.has(locale, key) ? translator.t(locale, key) : undefined;
}
