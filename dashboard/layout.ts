import type { Locale } from '../core/config/env.js';
import { SUPPORTED_LOCALES } from '../core/config/env.js';
import type { ConsoleUser } from './console-page.js';
import { type Html, html, jsonBlock } from './html.js';

/** What the client modules read from the page (console.js: pageData(), t(), api()). */
export interface ConsoleData {
  locale: Locale;
  /** The whole console namespace in the reader's language, for t(key) in the browser. */
  strings: unknown;
  csrfToken?: string;
  user?: ConsoleUser;
  /** The page's own data (ConsolePage.data). */
  page?: unknown;
}

export interface Frame {
  locale: Locale;
  t(key: string): string;
  /** The <title> and <h1>. */
  title: string;
  /** Absent on the sign-in page: no nav, no sign-out. */
  user?: ConsoleUser;
  nav: readonly { slug: string; title: string }[];
  current?: string;
  main: Html;
  /** The page's module in dashboard/assets/. */
  script?: string;
  data: ConsoleData;
}

/** The console's page frame: header (service, nav, user, sign-out, language), main, and the scripts as modules. */
export function renderFrame(frame: Frame): string {
  const { t } = frame;
  const nav = frame.nav.map(
    (entry) =>
      html`<li><a href="/console/${entry.slug}"${frame.current === entry.slug ? html` aria-current="page"` : ''}>${entry.title}</a></li>`,
  );
  const languages = SUPPORTED_LOCALES.map(
    (locale) =>
      html`<button type="button" class="lang" data-lang="${locale}" aria-pressed="${String(locale === frame.locale)}">${t(`language.${locale}`)}</button>`,
  );
  const user = frame.user
    ? html`<div class="user"><span class="user-name">${frame.user.displayName}</span>
<span class="user-role">${t(`roles.${frame.user.role}`)}</span>
<button type="button" id="sign-out" class="link">${t('nav.signOut')}</button></div>`
    : '';
  const menu = frame.user
    ? html`<button type="button" id="nav-toggle" aria-controls="nav" aria-expanded="false">${t('nav.menu')}</button>
<nav id="nav" aria-label="${t('nav.label')}"><ul>${nav}</ul></nav>`
    : '';
  return html`<!doctype html>
<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · ${t('brand.service')}</title>
<link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/console/assets/console.css">
${jsonBlock('console-data', frame.data)}
<script type="module" src="/console/assets/console.js"></script>
${frame.script ? html`<script type="module" src="/console/assets/${frame.script}"></script>` : ''}
</head>
<body>
<header class="top">
<div class="brand"><span class="province">${t('brand.province')}</span><span class="service">${t('brand.service')}</span></div>
${menu}
<div class="tools">${user}<div class="languages" role="group" aria-label="${t('language.label')}">${languages}</div></div>
</header>
<div id="notice" role="status" aria-live="polite" hidden></div>
<main id="main">
<h1>${frame.title}</h1>
${frame.main}
</main>
</body>
</html>
`.text;
}
