import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { cookieOf, SESSION_COOKIE } from '../bots/http/staff-auth.js';
import { type Locale, SUPPORTED_LOCALES } from '../core/config/env.js';
import type { Database } from '../core/db/database.js';
import { findSession } from '../core/db/staff-repository.js';
import { loadLocaleResources, type Translator } from '../core/i18n/translator.js';
import { loadConsoleAssets } from './console-assets.js';
import type { ConsolePage, ConsoleUser, PageContext } from './console-page.js';
import { html } from './html.js';
import { renderFrame } from './layout.js';
import { consolePages } from './pages/index.js';

export const LANGUAGE_COOKIE = 'console_lang';
const CONSOLE_LOCALE: Locale = 'vi';

// Only our own files: no inline script or style, no framing, no other origin to send data to.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

// A sign-in may only send the browser back into the console, never to another site ("//evil.example").
const SAFE_NEXT = /^\/console\/[A-Za-z0-9_-][A-Za-z0-9/_-]*$/;

export interface ConsoleDeps {
  db: Database;
  translator: Translator;
  pages?: readonly ConsolePage[];
}

/** The authority console: server-rendered page frames, their assets, and sign-in; data comes from /api/v1. */
export function consoleRoutes(deps: ConsoleDeps): FastifyPluginAsync {
  const pages = deps.pages ?? consolePages;
  const assets = loadConsoleAssets();
  const resources = loadLocaleResources();
  const stringsOf = (locale: Locale) => resources[locale]?.console ?? {};

  const localeOf = (request: FastifyRequest): Locale =>
    SUPPORTED_LOCALES.find((locale) => locale === cookieOf(request, LANGUAGE_COOKIE)) ?? CONSOLE_LOCALE;
  const translate =
    (locale: Locale): PageContext['t'] =>
    (key, vars) =>
      deps.translator.t(locale, `console:${key}`, vars);

  const sessionOf = async (request: FastifyRequest) => {
    const token = cookieOf(request, SESSION_COOKIE);
    const session = token ? await findSession(deps.db, token) : undefined;
    if (!session) return undefined;
    const { account } = session;
    const user: ConsoleUser = {
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      areas: account.areas,
    };
    return { user, csrfToken: session.csrfToken };
  };
  const pagesFor = (user: ConsoleUser) => pages.filter((page) => page.roles.includes(user.role));
  const toLogin = (reply: FastifyReply, next: string) =>
    reply.redirect(`/console/login${SAFE_NEXT.test(next) ? `?next=${encodeURIComponent(next)}` : ''}`, 302);

  return async (app) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(SECURITY_HEADERS);
      return payload;
    });

    app.get('/console', { schema: { hide: true } }, async (request, reply) => {
      const session = await sessionOf(request);
      if (!session) return toLogin(reply, '');
      const first = pagesFor(session.user)[0];
      return first ? reply.redirect(`/console/${first.slug}`, 302) : showPage(request, reply, undefined);
    });

    app.get<{ Querystring: { next?: string } }>(
      '/console/login',
      { schema: { hide: true } },
      async (request, reply) => {
        const next =
          typeof request.query.next === 'string' && SAFE_NEXT.test(request.query.next)
            ? request.query.next
            : '/console';
        if (await sessionOf(request)) return reply.redirect(next, 302);
        const locale = localeOf(request);
        const t = translate(locale);
        const main = html`<form id="login" class="card narrow" novalidate>
<label>${t('login.username')}<input name="username" autocomplete="username" required maxlength="64" autofocus></label>
<label>${t('login.password')}<input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
<p id="login-error" class="error" role="alert" hidden></p>
<button type="submit">${t('login.submit')}</button>
</form>`;
        const data = { locale, strings: stringsOf(locale), page: { next } };
        return reply
          .type('text/html; charset=utf-8')
          .send(renderFrame({ locale, t, title: t('login.title'), nav: [], main, script: 'login.js', data }));
      },
    );

    app.get<{ Params: { file: string } }>(
      '/console/assets/:file',
      { schema: { hide: true } },
      async (request, reply) => {
        const asset = assets.get(request.params.file);
        if (!asset) return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
        reply.header('etag', asset.etag).header('cache-control', 'no-cache');
        if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
        return reply.type(asset.type).send(asset.body);
      },
    );

    // One route per page; a page the role may not open renders a 403 inside the frame, so the nav still works.
    async function showPage(request: FastifyRequest, reply: FastifyReply, page: ConsolePage | undefined) {
      const session = await sessionOf(request);
      if (!session) return toLogin(reply, request.url);
      const locale = localeOf(request);
      const t = translate(locale);
      const ctx: PageContext = { locale, t, user: session.user };
      const allowed = page?.roles.includes(session.user.role) ?? false;
      const nav = pagesFor(session.user).map((entry) => ({ slug: entry.slug, title: t(entry.titleKey) }));
      const data = {
        locale,
        strings: stringsOf(locale),
        csrfToken: session.csrfToken,
        user: session.user,
        ...(page && allowed ? { page: page.data?.(ctx) ?? {} } : {}),
      };
      const frame = {
        locale,
        t,
        user: session.user,
        nav,
        data,
        ...(page ? { current: page.slug } : {}),
      };
      // Pages are per user and hold a CSRF token: never from a shared cache.
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!page || !allowed) {
        const main = html`<p class="card">${t('forbidden.body')}</p>`;
        return reply.status(403).send(renderFrame({ ...frame, title: t('forbidden.title'), main }));
      }
      return reply.send(renderFrame({ ...frame, title: t(page.titleKey), main: page.body(ctx), script: page.script }));
    }

    for (const page of pages) {
      app.get(`/console/${page.slug}`, { schema: { hide: true } }, (request, reply) => showPage(request, reply, page));
    }
  };
}
