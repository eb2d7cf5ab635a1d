// Shared helpers of the console's page modules, and the frame's own behaviour (menu, language, sign-out).
// Pages import what they need: import { api, t, pageData, el, renderTable } from './console.js';

const data = JSON.parse(document.getElementById('console-data')?.textContent || '{}');

/** The signed-in official ({ username, displayName, role, areas }), undefined on the sign-in page. */
export const user = data.user;
/** The reader's language: 'vi' or 'en'. */
export const locale = data.locale || 'vi';

/** The page's own server-side data (ConsolePage.data). */
export function pageData() {
  return data.page || {};
}

/** A console text by key ("campaigns.list.title"), with {{name}} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = key
    .split('.')
    .reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), data.strings);
  if (typeof text !== 'string') return key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => (vars[name] === undefined ? whole : String(vars[name])));
}

/** An API failure with its stable code (the API's `error`) and a message fit to show the official. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The text an official reads for an API error: ours for a known code, else the server's own message. */
export function describeError(code, serverMessage) {
  const known = t(`errors.${code}`, { message: serverMessage || '' });
  return known === `errors.${code}` ? t('errors.generic', { message: serverMessage || code }) : known;
}

/**
 * Calls the JSON API with the session cookie and, on anything that changes state, the CSRF token. Resolves to the
 * parsed body; rejects with an ApiError whose message is already polite and translated.
 */
export async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && data.csrfToken) headers['x-csrf-token'] = data.csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', t('errors.network'));
  }
  const parsed = await response.json().catch(() => ({}));
  if (response.ok) return parsed;
  const code = parsed.error || `http_${response.status}`;
  if (response.status === 401 && user) {
    window.location.assign(`/console/login?next=${encodeURIComponent(window.location.pathname)}`);
  }
  throw new ApiError(response.status, code, describeError(code, parsed.message));
}

/** Shows a message in the frame's notice bar: 'info' fades after 5 s, 'warn' and 'error' stay until closed. */
export function notify(message, kind = 'info') {
  const bar = document.getElementById('notice');
  if (!bar) return;
  bar.replaceChildren(
    el('span', {}, message),
    el('button', { type: 'button', class: 'link', onclick: () => (bar.hidden = true) }, t('common.close')),
  );
  bar.className = kind;
  bar.hidden = false;
  if (kind === 'info') setTimeout(() => (bar.hidden = true), 5000);
}

/** Runs an async action and shows its failure politely instead of losing it in the console. */
export async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    notify(error instanceof ApiError ? error.message : t('errors.generic', { message: String(error) }), 'error');
    return undefined;
  }
}

/** Builds an element: attributes (on* become listeners, `hidden`/`disabled` booleans) and text or node children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return node;
}

/** The element with this id (throws when a page's markup and script disagree, which a test then shows). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from the page`);
  return node;
}

/**
 * Renders rows as a table into container: columns are { label, value(row) → text or node, numeric? }; an empty list
 * says so. onRow(row) makes rows clickable (and reachable with the keyboard).
 */
export function renderTable(container, columns, rows, onRow) {
  container.removeAttribute('aria-busy');
  if (rows.length === 0) {
    container.replaceChildren(el('p', { class: 'muted' }, t('common.empty')));
    return;
  }
  const head = el('tr', {}, ...columns.map((column) => el('th', { scope: 'col' }, column.label)));
  const body = rows.map((row) =>
    el(
      'tr',
      onRow
        ? {
            class: 'clickable',
            tabindex: '0',
            onclick: () => onRow(row),
            onkeydown: (event) => event.key === 'Enter' && onRow(row),
          }
        : {},
      ...columns.map((column) => el('td', column.numeric ? { class: 'num' } : {}, column.value(row) ?? '')),
    ),
  );
  container.replaceChildren(
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body))),
  );
}

/** Calls fn once input has paused for `ms`. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Listens to server-sent events (the session cookie goes along): handlers by event name, each given the parsed
 * JSON. Returns close(). EventSource reconnects by itself after a dropped connection; call close() when done.
 */
export function listen(url, handlers) {
  const source = new EventSource(url, { withCredentials: true });
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
  }
  return () => source.close();
}

const numberFormat = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB');
const dateFormat = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Asia/Ho_Chi_Minh',
});
export const formatNumber = (value) => numberFormat.format(value);
export const formatDate = (value) => (value ? dateFormat.format(new Date(value)) : '');

// The frame: phone menu, language switch (remembered in a cookie), sign-out.
document.getElementById('nav-toggle')?.addEventListener('click', (event) => {
  const open = event.currentTarget.getAttribute('aria-expanded') !== 'true';
  event.currentTarget.setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('nav-open', open);
});
for (const button of document.querySelectorAll('button[data-lang]')) {
  button.addEventListener('click', () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and older Safari.
    document.cookie = `console_lang=${button.dataset.lang}; Path=/console; Max-Age=31536000; SameSite=Strict`;
    window.location.reload();
  });
}
document.getElementById('sign-out')?.addEventListener('click', async () => {
  await attempt(() => api('POST', '/auth/logout'));
  window.location.assign('/console/login');
});
