// One vaccination site: its slots (create, close, a CSV of slots) and its registrations with filters, mark done /
// no-show, and the CSV export of the same filters.
import { api, byId, el, formatDate, notify, renderTable, t } from './console.js';
import { attemptIn } from './page-errors.js';

const slotForm = byId('slot-form');
const filters = byId('registration-filters');
let site;
let slots = [];
/** The registrations shown so far and the id to continue after (the API pages by 200). */
let registrations = [];
let next = null;

const call = (method, path, body) => attemptIn('vaccination', () => api(method, path, body));
const button = (label, run, kind = 'secondary') => el('button', { type: 'button', class: kind, onclick: run }, label);
// Staff type local (Vietnam) times; the API takes instants.
const instant = (local) => new Date(local).toISOString();
const groupLabel = (code) => {
  const label = t(`vaccination.groups.${code}`);
  return label === `vaccination.groups.${code}` ? code : label;
};

/** Shows site `id`: its facts, slots and registrations. */
export async function showSite(id) {
  const body = await call('GET', '/api/v1/vaccination/sites');
  const found = body?.sites.find((candidate) => candidate.id === id);
  if (!found) {
    if (body) notify(t('vaccination.errors.not_found'), 'error');
    return;
  }
  site = found;
  byId('site-title').textContent = `${site.name} (${site.code})`;
  byId('site-meta').textContent = [
    site.address,
    t('vaccination.site.ward', { ward: site.wardCode }),
    site.contactPhone,
    t(`vaccination.siteStatus.${site.status}`),
  ].join(' · ');
  slotForm.hidden = site.status !== 'open';
  filters.reset();
  await showSlots();
  await showRegistrations();
}

async function showSlots() {
  const body = await call('GET', `/api/v1/vaccination/slots?siteId=${site.id}`);
  if (!body) return;
  slots = body.slots;
  renderTable(
    byId('slots-table'),
    [
      { label: t('vaccination.slot.startsAt'), value: (s) => formatDate(s.startsAt) },
      { label: t('vaccination.slot.endsAt'), value: (s) => formatDate(s.endsAt) },
      { label: t('vaccination.slot.vaccine'), value: (s) => s.vaccine },
      { label: t('vaccination.slot.places'), value: (s) => `${s.booked}/${s.capacity}`, numeric: true },
      { label: t('vaccination.site.status'), value: (s) => t(`vaccination.siteStatus.${s.status}`) },
      {
        label: '',
        value: (s) => s.status === 'open' && button(t('vaccination.close'), () => closeSlot(s), 'danger'),
      },
    ],
    slots,
  );
  const choice = filters.elements.slotId;
  const chosen = choice.value;
  choice.replaceChildren(
    choice.options[0],
    ...slots.map((s) => el('option', { value: s.id }, `${formatDate(s.startsAt)} · ${s.vaccine}`)),
  );
  choice.value = slots.some((s) => s.id === chosen) ? chosen : '';
  byId('vaccines').replaceChildren(...[...new Set(slots.map((s) => s.vaccine))].map((v) => el('option', { value: v })));
}

async function closeSlot(slot) {
  if (!window.confirm(t('vaccination.slots.confirmClose', { at: formatDate(slot.startsAt) }))) return;
  if (await call('POST', `/api/v1/vaccination/slots/${slot.id}/close`)) showSlots();
}

const createSlot = (fields) => api('POST', '/api/v1/vaccination/slots', { siteId: site.id, ...fields });

slotForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const { startsAt, endsAt, vaccine, capacity } = slotForm.elements;
  if (!startsAt.value || !endsAt.value) {
    notify(t('vaccination.slots.needTimes'), 'error');
    return;
  }
  const created = await attemptIn('vaccination', () =>
    createSlot({
      startsAt: instant(startsAt.value),
      endsAt: instant(endsAt.value),
      vaccine: vaccine.value.trim(),
      capacity: Number(capacity.value),
    }),
  );
  if (!created) return;
  slotForm.reset();
  notify(t('vaccination.slots.created'));
  showSlots();
});

// A CSV of slots (starts_at,ends_at,vaccine,capacity; times as "2025-12-01 08:00" in Vietnam time), created one
// by one: the rows the API refuses are reported by number with its reason.
byId('slots-csv').addEventListener('change', async (event) => {
  const file = event.currentTarget.files[0];
  event.currentTarget.value = '';
  if (!file) return;
  const [header, ...rows] = (await file.text()).split(/\r?\n/).filter((line) => line.trim());
  const columns = (header ?? '').split(',').map((name) => name.trim().toLowerCase());
  const missing = ['starts_at', 'ends_at', 'vaccine', 'capacity'].filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    notify(t('vaccination.slots.csvColumns', { columns: missing.join(', ') }), 'error');
    return;
  }
  let created = 0;
  const rejected = [];
  for (const [index, line] of rows.entries()) {
    const fields = line.split(',').map((value) => value.trim());
    const value = (name) => fields[columns.indexOf(name)] ?? '';
    const at = (name) => new Date(value(name).replace(' ', 'T'));
    try {
      if (Number.isNaN(at('starts_at').getTime()) || Number.isNaN(at('ends_at').getTime())) {
        throw new Error(t('vaccination.slots.badTime'));
      }
      await createSlot({
        startsAt: at('starts_at').toISOString(),
        endsAt: at('ends_at').toISOString(),
        vaccine: value('vaccine'),
        capacity: Number(value('capacity')),
      });
      created += 1;
    } catch (error) {
      rejected.push(t('vaccination.rejectedRow', { row: index + 2, reason: error.message }));
    }
  }
  notify(
    t('vaccination.slots.imported', { created, rejected: rejected.join('; ') }),
    rejected.length ? 'warn' : 'info',
  );
  showSlots();
});

function filterQuery() {
  const query = new URLSearchParams({ siteId: site.id });
  for (const name of ['slotId', 'date', 'status', 'idNumber']) {
    const value = filters.elements[name].value.trim();
    if (value) query.set(name, value);
  }
  return query;
}

async function showRegistrations(more = false) {
  const query = filterQuery();
  byId('registrations-csv').href = `/api/v1/vaccination/registrations.csv?${query}`;
  if (more && next) query.set('after', next);
  const body = await call('GET', `/api/v1/vaccination/registrations?${query}`);
  if (!body) return;
  registrations = more ? [...registrations, ...body.registrations] : body.registrations;
  next = body.next;
  byId('registrations-more').hidden = !next;
  renderTable(
    byId('registrations-table'),
    [
      { label: t('vaccination.registration.code'), value: (r) => r.code },
      { label: t('vaccination.registration.name'), value: (r) => r.fullName },
      { label: t('vaccination.registration.birthYear'), value: (r) => String(r.birthYear), numeric: true },
      { label: t('vaccination.registrations.idNumber'), value: (r) => r.idNumber },
      { label: t('vaccination.registration.group'), value: (r) => groupLabel(r.priorityGroup) },
      { label: t('vaccination.registration.dose'), value: (r) => String(r.dose), numeric: true },
      {
        label: t('vaccination.registrations.slot'),
        value: (r) => `${formatDate(r.slot.startsAt)} · ${r.slot.vaccine}`,
      },
      { label: t('vaccination.registrations.status'), value: (r) => t(`vaccination.status.${r.status}`) },
      {
        label: '',
        value: (r) =>
          r.status === 'booked' &&
          el(
            'div',
            { class: 'row' },
            button(t('vaccination.registration.done'), () => closeRegistration(r, 'done'), ''),
            button(t('vaccination.registration.noShow'), () => closeRegistration(r, 'no-show')),
          ),
      },
    ],
    registrations,
  );
}

async function closeRegistration(registration, to) {
  const done = await call('POST', `/api/v1/vaccination/registrations/${registration.id}/${to}`);
  if (!done) return;
  notify(t(`vaccination.registration.marked.${to}`, { name: registration.fullName }));
  showRegistrations();
}

filters.addEventListener('change', () => showRegistrations());
filters.addEventListener('submit', (event) => {
  event.preventDefault();
  showRegistrations();
});
byId('registrations-more').addEventListener('click', () => showRegistrations(true));
