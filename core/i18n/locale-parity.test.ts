import { describe, expect, it } from 'vitest';
import { foldDiacritics } from '../text/fold.js';
import { countSmsSegments } from '../text/sms-segments.js';
import { loadLocaleResources } from './translator.js';

type Tree = { [key: string]: string | Tree };

/** Every text of a namespace by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') texts.set(path, value);
    else for (const [inner, text] of flatten(value, path)) texts.set(inner, text);
  }
  return texts;
}

/** Read on a screen, never sent as an SMS: the staff console, the web chat page, the printed QR poster. */
const NOT_SMS = new Set(['console', 'web', 'poster']);

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

const resources = loadLocaleResources();
const namespaces = (locale: 'vi' | 'en') => Object.keys(resources[locale] ?? {}).sort();
const textsOf = (locale: 'vi' | 'en', namespace: string) => flatten((resources[locale]?.[namespace] ?? {}) as Tree);

describe('locales', () => {
  it('has the same namespaces in Vietnamese and English', () => {
    expect(namespaces('en')).toEqual(namespaces('vi'));
  });

  it.each(namespaces('vi'))('%s: the same keys and placeholders in both languages', (namespace) => {
    const vi = textsOf('vi', namespace);
    const en = textsOf('en', namespace);
    expect([...en.keys()].sort()).toEqual([...vi.keys()].sort());
    for (const [key, text] of vi)
      expect({ key, placeholders: placeholders(en.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
  });

  // SMS folds Vietnamese to plain letters (core/channels/sms-render.ts); a text with values is measured by its render
  // in the flows' tests, which know what the values look like.
  it.each(namespaces('vi').filter((namespace) => !NOT_SMS.has(namespace)))(
    '%s: every fixed text a citizen can get by SMS is one GSM-7 segment in both languages',
    (namespace) => {
      for (const locale of ['vi', 'en'] as const) {
        for (const [key, text] of textsOf(locale, namespace)) {
          if (placeholders(text).length > 0) continue;
          const count = countSmsSegments(foldDiacritics(text));
          expect({ key: `${locale} ${namespace}.${key}`, ...count }).toMatchObject({
            key: `${locale} ${namespace}.${key}`,
            encoding: 'gsm7',
            segments: 1,
          });
        }
      }
    },
  );
});
