// The vaccination page: the sites of the official's areas (create, edit, close, CSV import) and, under
// "#site=<id>", one site's slots and registrations (vaccination-site.js).
import { api, byId, el, notify, renderTable, t } from './console.js';
import { attemptIn } from './page-errors.js';
import { showSite } from './vaccination-site.js';

const list = byId('sites');
const detail = byId('site-detail');
const form = byId('site-form');
/** The site being edited, undefined while creating one. */
let editing;

const siteFields = ['name', 'address', 'wardCode', 'contactName', 'contactPhone'];

async function showSites() {
  const body = await attemptIn('vaccination', () => api('GET', '/api/v1/vaccination/sites'));
  if (!body) return;
  // The row opens the site; its buttons act on it without opening it.
  const action = (label, run, kind = 'secondary') =>
    el(
      'button',
      {
        type: 'button',
        class: kind,
        onclick: (event) => {
          event.stopPropagation();
          run();
        },
      },
      label,
    );
  renderTable(
    byId('sites-table'),
    [
      { label: t('vaccination.site.code'), value: (s) => s.code },
      { label: t('vaccination.site.name'), value: (s) => s.name },
      { label: t('vaccination.site.address'), value: (s) => s.address },
      { label: t('vaccination.site.wardCode'), value: (s) => s.wardCode },
      {
        label: t('vaccination.site.contact'),
        value: (s) => [s.contactName, s.contactPhone].filter(Boolean).join(' · '),
      },
      { label: t('vaccination.site.status'), value: (s) => t(`vaccination.siteStatus.${s.status}`) },
      {
        label: '',
        value: (s) =>
          el(
            'div',
            { class: 'row' },
            action(t('vaccination.edit'), () => openForm(s)),
            s.status === 'open' && action(t('vaccination.close'), () => closeSite(s), 'danger'),
          ),
      },
    ],
    body.sites,
    (site) => {
      window.location.hash = `site=${site.id}`;
    },
  );
}

function openForm(site) {
  editing = site;
  form.reset();
  byId('site-form-title').textContent = site
    ? t('vaccination.sites.editTitle', { code: site.code })
    : t('vaccination.sites.new');
  form.elements.code.disabled = Boolean(site);
  if (site) {
    form.elements.code.value = site.code;
    for (const name of siteFields) form.elements[name].value = site[name] ?? '';
  }
  form.hidden = false;
  form.elements[site ? 'name' : 'code'].focus();
}

async function closeSite(site) {
  if (!window.confirm(t('vaccination.sites.confirmClose', { name: site.name }))) return;
  const done = await attemptIn('vaccination', () => api('POST', `/api/v1/vaccination/sites/${site.id}/close`));
  if (done) {
    notify(t('vaccination.sites.closed', { name: site.name }));
    showSites();
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const values = Object.fromEntries(siteFields.map((name) => [name, form.elements[name].value.trim()]));
  if (!values.contactName) delete values.contactName;
  const saved = await attemptIn('vaccination', () =>
    editing
      ? api('PATCH', `/api/v1/vaccination/sites/${editing.id}`, values)
      : api('POST', '/api/v1/vaccination/sites', { code: form.elements.code.value.trim(), ...values }),
  );
  if (!saved) return;
  form.hidden = true;
  notify(t('vaccination.sites.saved', { name: saved.site.name }));
  showSites();
});

byId('site-cancel').addEventListener('click', () => {
  form.hidden = true;
});
byId('new-site').addEventListener('click', () => openForm(undefined));
byId('sites-csv').addEventListener('change', async (event) => {
  const file = event.currentTarget.files[0];
  event.currentTarget.value = '';
  if (!file) return;
  const csv = await file.text();
  const result = await attemptIn('vaccination', () => api('POST', '/api/v1/vaccination/sites/import', { csv }));
  if (!result) return;
  const rejected = result.rejected.map((row) => t('vaccination.rejectedRow', row)).join('; ');
  notify(
    t('vaccination.sites.imported', { created: result.created, updated: result.updated, rejected }),
    rejected ? 'warn' : 'info',
  );
  showSites();
});
byId('site-back').addEventListener('click', () => {
  window.location.hash = '';
});

function route() {
  const id = /^site=([0-9a-f-]{36})$/.exec(window.location.hash.slice(1))?.[1];
  list.hidden = Boolean(id);
  detail.hidden = !id;
  if (id) showSite(id);
  else showSites();
}

window.addEventListener('hashchange', route);
route();
