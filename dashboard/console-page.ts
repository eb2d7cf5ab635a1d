import type { Locale } from '../core/config/env.js';
import type { StaffRole } from '../core/db/staff-repository.js';
import type { TranslationVars } from '../core/i18n/translator.js';
import type { Html } from './html.js';

/** The signed-in official a page is rendered for. */
export interface ConsoleUser {
  username: string;
  displayName: string;
  role: StaffRole;
  /** Administrative unit codes in scope; empty for an admin. */
  areas: readonly string[];
}

/** What a page renders with: the reader's language, a translator into it (console namespace), and who reads. */
export interface PageContext {
  locale: Locale;
  /** A text of locales/<locale>/console.json; raw (the `html` tag escapes it). */
  t(key: string, vars?: TranslationVars): string;
  user: ConsoleUser;
}

/** One page of the console: a server-rendered body plus one client module that fills it from the JSON API. */
export interface ConsolePage {
  /** The page's address, /console/<slug>, and the id of its nav entry. */
  slug: string;
  /** The page's title in console.json (nav entry and <title>). */
  titleKey: string;
  /** The roles that see the page in the nav and may open it; others get a 403 page. */
  roles: readonly StaffRole[];
  /** The page's <main> content; everything interpolated through `html` is escaped. */
  body(ctx: PageContext): Html;
  /** Server-side facts the script needs (choices, limits); embedded as JSON, read with pageData() in console.js. */
  data?(ctx: PageContext): unknown;
  /** The page's module in dashboard/assets/, loaded after console.js. */
  script: string;
}
