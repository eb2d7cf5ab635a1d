// The venues page: the list with each venue's actions (edit, close, posters), one form to register or edit a venue,
// and the ward risk level form. What a venue owner may see is decided by the server; they only read and print.
import { api, attempt, byId, el, notify, pageData, renderTable, t, user } from './console.js';
import { explain } from './page-errors.js';

const PAGE = 100;
const { manage } = pageData();
const form = byId('venue-form');
const FIELDS = ['name', 'category', 'address', 'wardCode', 'ownerPhone'];
let listed = [];
/** The venue being edited, or undefined while registering a new one. */
let editing;

function showError(id, message) {
  const box = byId(id);
  box.textContent = message ?? '';
  box.hidden = !message;
}

const poster = (venue, format) => `/api/v1/venues/${venue.id}/poster.${format}`;

function actionsOf(venue) {
  const open = venue.status !== 'closed';
  const button = (label, onclick, extra = {}) =>
    el('button', { type: 'button', class: 'secondary', onclick, ...extra }, label);
  return el(
    'div',
    { class: 'row' },
    manage && button(t('venues.action.edit'), () => openForm(venue)),
    open &&
      button(t('venues.action.print'), () => window.open(poster(venue, 'pdf'), '_blank', 'noopener'), {
        'data-print': venue.code,
      }),
    open && el('a', { href: poster(venue, 'png'), target: '_blank', rel: 'noopener' }, 'PNG'),
    open && el('a', { href: poster(venue, 'svg'), target: '_blank', rel: 'noopener' }, 'SVG'),
    manage && open && button(t('venues.action.close'), () => closeVenue(venue), { class: 'danger' }),
  );
}

async function showList(more = false) {
  const after = more && listed.length > 0 ? `&after=${listed[listed.length - 1].id}` : '';
  const body = await attempt(() => api('GET', `/api/v1/venues?limit=${PAGE}${after}`));
  if (!body) return;
  listed = more ? [...listed, ...body.venues] : body.venues;
  byId('venues-more').hidden = body.venues.length < PAGE;
  renderTable(
    byId('venues-table'),
    [
      { label: t('venues.field.name'), value: (v) => v.name },
      { label: t('venues.field.code'), value: (v) => v.code },
      { label: t('venues.field.category'), value: (v) => categoryName(v.category) },
      { label: t('venues.field.address'), value: (v) => v.address },
      { label: t('venues.field.wardCode'), value: (v) => v.wardCode },
      { label: t('venues.field.status'), value: (v) => t(`venues.status.${v.status}`) },
      { label: t('venues.field.actions'), value: actionsOf },
    ],
    listed,
  );
}

function categoryName(category) {
  const known = t(`venues.category.${category}`);
  return known === `venues.category.${category}` ? category : known;
}

function openForm(venue) {
  editing = venue;
  byId('venue-form-title').textContent = venue ? t('venues.form.edit', { name: venue.name }) : t('venues.form.new');
  byId('venue-form-submit').textContent = venue ? t('venues.form.save') : t('venues.form.create');
  for (const name of FIELDS) form.elements[name].value = venue?.[name] ?? '';
  if (!venue && /^\d{5}$/.test(user.areas[0] ?? '')) form.elements.wardCode.value = user.areas[0];
  showError('venue-form-error');
  form.hidden = false;
  form.elements.name.focus();
}

/** A new venue's fields, or only what changed of the one being edited (an emptied phone removes it). */
function formBody() {
  const values = Object.fromEntries(FIELDS.map((name) => [name, form.elements[name].value.trim()]));
  if (!editing) {
    const { ownerPhone, ...fields } = values;
    return ownerPhone ? values : fields;
  }
  const changed = {};
  for (const name of FIELDS) {
    if (values[name] !== (editing[name] ?? ''))
      changed[name] = name === 'ownerPhone' && !values[name] ? null : values[name];
  }
  return changed;
}

async function save(event) {
  event.preventDefault();
  const body = formBody();
  if (!editing && ['name', 'category', 'address', 'wardCode'].some((name) => !body[name])) {
    showError('venue-form-error', t('venues.form.missing'));
    return;
  }
  if (editing && Object.keys(body).length === 0) {
    form.hidden = true;
    return;
  }
  try {
    const saved = editing
      ? await api('PATCH', `/api/v1/venues/${editing.id}`, body)
      : await api('POST', '/api/v1/venues', body);
    notify(
      t(editing ? 'venues.form.saved' : 'venues.form.created', { name: saved.venue.name, code: saved.venue.code }),
    );
    form.hidden = true;
    editing = undefined;
    await showList();
  } catch (error) {
    showError('venue-form-error', explain('venues', error));
  }
}

async function closeVenue(venue) {
  if (!window.confirm(t('venues.action.closeConfirm', { name: venue.name }))) return;
  const closed = await attempt(() => api('POST', `/api/v1/venues/${venue.id}/close`));
  if (closed) notify(t('venues.action.closed', { name: venue.name }));
  await showList();
}

async function setRisk(event) {
  event.preventDefault();
  const fields = event.currentTarget.elements;
  const ward = fields.wardCode.value.trim();
  if (!/^\d{5}$/.test(ward)) {
    showError('risk-form-error', t('venues.risk.wardNeeded'));
    return;
  }
  showError('risk-form-error');
  const body = { level: Number(fields.level.value), setBy: user.username };
  if (fields.effectiveDate.value) body.effectiveDate = fields.effectiveDate.value;
  try {
    const set = await api('PUT', `/api/v1/wards/${ward}/risk`, body);
    notify(
      t('venues.risk.saved', {
        ward: set.wardCode,
        level: t(`venues.risk.level${set.level}`),
        date: set.effectiveDate,
      }),
    );
  } catch (error) {
    showError('risk-form-error', explain('venues', error));
  }
}

document.getElementById('new-venue')?.addEventListener('click', () => openForm(undefined));
byId('venue-form-cancel').addEventListener('click', () => {
  form.hidden = true;
  editing = undefined;
});
byId('venues-more').addEventListener('click', () => showList(true));
form.addEventListener('submit', save);
const riskForm = document.getElementById('risk-form');
if (riskForm) {
  if (/^\d{5}$/.test(user.areas[0] ?? '')) riskForm.elements.wardCode.value = user.areas[0];
  riskForm.addEventListener('submit', setRisk);
}
showList();
