// The cases page: list ⇄ registration form ⇄ one case (visits, exposures by venue, approval), switched by the
// address's #fragment so the back button works: "" the list, "#new" the form, "#case=<id>" a case.
import { api, attempt, byId, el, formatDate, formatNumber, notify, renderTable, t, user } from './console.js';
import { explain } from './page-errors.js';
import { areaQuery, fillAreaPicker, fillWardSelect, queryString, wardName } from './ward-picker.js';

// The newest this many cases of the chosen area and status; narrowing either reaches older ones.
const LIMIT = 200;
const list = byId('case-list');
const form = byId('case-form');
const detail = byId('case-detail');
const area = byId('case-area');
const status = byId('case-status');
let shown;

/** A datetime-local value is Vietnam wall-clock time, the console's time zone whatever the laptop's. */
const vietnamInstant = (value) => (value ? `${value}:00+07:00` : undefined);

function visitOf(fields) {
  const venueCode = fields.venueCode.value.trim();
  const startedAt = vietnamInstant(fields.visitFrom.value);
  const endedAt = vietnamInstant(fields.visitTo.value);
  if (!venueCode && !startedAt && !endedAt) return undefined;
  return { venueCode, startedAt, endedAt };
}

function showError(id, message) {
  const box = byId(id);
  box.textContent = message ?? '';
  box.hidden = !message;
}

async function showList() {
  // One ward, or (none picked) every case of the caller's areas: the server cuts the list to them.
  const { ward } = areaQuery(area.value);
  const query = queryString({ ward, status: status.value, limit: String(LIMIT) });
  const body = await attempt(() => api('GET', `/api/v1/cases${query}`));
  if (!body) return;
  const capped = byId('cases-capped');
  capped.hidden = body.cases.length < LIMIT;
  capped.textContent = t('cases.list.capped', { count: LIMIT });
  renderTable(
    byId('cases-table'),
    [
      { label: t('cases.field.ref'), value: (c) => c.id.slice(0, 8) },
      { label: t('cases.field.ward'), value: (c) => wardName(c.wardCode) },
      {
        label: t('cases.field.period'),
        value: (c) => `${formatDate(c.infectiousFrom)} – ${formatDate(c.infectiousTo)}`,
      },
      { label: t('cases.field.status'), value: (c) => t(`cases.status.${c.status}`) },
      { label: t('cases.field.createdAt'), value: (c) => `${formatDate(c.createdAt)} · ${c.createdBy}` },
    ],
    body.cases,
    (row) => {
      window.location.hash = `case=${row.id}`;
    },
  );
}

async function register(event) {
  event.preventDefault();
  const fields = form.elements;
  const visit = visitOf(fields);
  const body = {
    phone: fields.phone.value.trim(),
    wardCode: fields.wardCode.value || undefined,
    infectiousFrom: vietnamInstant(fields.infectiousFrom.value),
    infectiousTo: vietnamInstant(fields.infectiousTo.value),
    createdBy: user.username,
    visits: visit ? [visit] : [],
  };
  // Only an admin may file a case under no ward.
  if (!body.phone || !body.infectiousFrom || !body.infectiousTo || (!body.wardCode && user.role !== 'admin')) {
    showError('case-form-error', t('cases.form.missing'));
    return;
  }
  showError('case-form-error');
  try {
    const created = await api('POST', '/api/v1/cases', body);
    form.reset();
    notify(t('cases.form.created', { count: created.exposureCount }));
    window.location.hash = `case=${created.case.id}`;
  } catch (error) {
    showError('case-form-error', explain('cases', error));
  }
}

async function addVisit(event) {
  event.preventDefault();
  const visitForm = byId('visit-form');
  const visit = visitOf(visitForm.elements);
  if (!visit?.venueCode || !visit.startedAt || !visit.endedAt) {
    showError('visit-form-error', t('cases.form.missing'));
    return;
  }
  showError('visit-form-error');
  try {
    await api('POST', `/api/v1/cases/${shown.case.id}/visits`, { ...visit, createdBy: user.username });
    visitForm.reset();
    await showCase(shown.case.id);
  } catch (error) {
    showError('visit-form-error', explain('cases', error));
  }
}

/** The exposed check-ins counted per venue: check-ins and distinct people. */
function byVenue(exposures) {
  const venues = new Map();
  for (const row of exposures) {
    const entry = venues.get(row.venue.id) ?? { venue: row.venue, checkins: 0, people: new Set() };
    entry.checkins += 1;
    entry.people.add(row.personId);
    venues.set(row.venue.id, entry);
  }
  return [...venues.values()].sort((a, b) => b.people.size - a.people.size);
}

const venueLabel = (venue) => (venue?.name ? `${venue.name} (${venue.code})` : (venue?.code ?? ''));

async function showCase(id) {
  const body = await attempt(() => api('GET', `/api/v1/cases/${id}/exposures`));
  if (!body || window.location.hash !== `#case=${id}`) return;
  shown = body;
  const found = body.case;
  byId('case-title').textContent = t('cases.detail.title', { ref: found.id.slice(0, 8) });
  byId('case-meta').textContent = [
    t(`cases.status.${found.status}`),
    t('cases.detail.period', { from: formatDate(found.infectiousFrom), to: formatDate(found.infectiousTo) }),
    t('cases.detail.createdBy', { name: found.createdBy, at: formatDate(found.createdAt) }),
  ].join(' · ');
  // Visits name a venue by id; the venues they went to are fetched for their names (a few per case).
  const names = new Map(
    await Promise.all(
      [...new Set(body.visits.map((visit) => visit.venueId))].map(async (venueId) => {
        const venue = await api('GET', `/api/v1/venues/${venueId}`).catch(() => undefined);
        return [venueId, venue?.venue];
      }),
    ),
  );
  renderTable(
    byId('case-visits'),
    [
      { label: t('cases.field.venue'), value: (v) => venueLabel(names.get(v.venueId)) || v.venueId },
      { label: t('cases.field.visitFrom'), value: (v) => formatDate(v.startedAt) },
      { label: t('cases.field.visitTo'), value: (v) => formatDate(v.endedAt) },
    ],
    body.visits,
  );
  byId('visit-form').hidden = found.status !== 'open';
  byId('exposure-summary').textContent = t('cases.detail.summary', {
    people: formatNumber(body.people),
    checkins: formatNumber(body.exposures.length),
  });
  renderTable(
    byId('exposure-by-venue'),
    [
      { label: t('cases.field.venue'), value: (row) => venueLabel(row.venue) },
      { label: t('cases.field.people'), value: (row) => formatNumber(row.people.size), numeric: true },
      { label: t('cases.field.checkins'), value: (row) => formatNumber(row.checkins), numeric: true },
    ],
    byVenue(body.exposures),
  );
  renderTable(
    byId('exposure-table'),
    [
      { label: t('cases.field.phone'), value: (row) => row.phone ?? '' },
      { label: t('cases.field.venue'), value: (row) => venueLabel(row.venue) },
      { label: t('cases.field.checkedInAt'), value: (row) => formatDate(row.checkedInAt) },
      { label: t('cases.field.endsAt'), value: (row) => formatDate(row.endsAt) },
      { label: t('cases.field.overlap'), value: (row) => formatNumber(row.overlapMinutes), numeric: true },
    ],
    body.exposures,
  );
  byId('approve').hidden = found.status !== 'open' || body.people === 0;
  byId('approve-confirm').hidden = true;
  showCampaign(found.campaignId);
}

function showCampaign(campaignId) {
  const line = byId('case-campaign');
  line.hidden = !campaignId;
  if (!campaignId) return;
  line.replaceChildren(
    t('cases.approve.done'),
    ' ',
    el('a', { href: `/console/campaigns#campaign=${campaignId}`, id: 'campaign-link' }, t('cases.approve.campaign')),
  );
}

function askToApprove() {
  byId('approve-question').textContent = t('cases.approve.question', { people: formatNumber(shown.people) });
  byId('approve').hidden = true;
  byId('approve-confirm').hidden = false;
  byId('approve-yes').focus();
}

async function approve() {
  byId('approve-yes').disabled = true;
  try {
    await api('POST', `/api/v1/cases/${shown.case.id}/approve`, { approvedBy: user.username });
    notify(t('cases.approve.sent'));
  } catch (error) {
    notify(explain('cases', error), 'error');
  }
  byId('approve-yes').disabled = false;
  await showCase(shown.case.id);
}

function route() {
  const hash = window.location.hash.slice(1);
  const id = /^case=([0-9a-f-]{36})$/.exec(hash)?.[1];
  list.hidden = hash !== '';
  form.hidden = hash !== 'new';
  detail.hidden = !id;
  if (id) showCase(id);
  else if (hash === '') showList();
}

byId('new-case').addEventListener('click', () => {
  window.location.hash = 'new';
});
byId('case-form-cancel').addEventListener('click', () => {
  window.location.hash = '';
});
byId('case-back').addEventListener('click', () => {
  window.location.hash = '';
});
status.addEventListener('change', showList);
byId('approve').addEventListener('click', askToApprove);
byId('approve-no').addEventListener('click', () => {
  byId('approve-confirm').hidden = true;
  byId('approve').hidden = false;
});
byId('approve-yes').addEventListener('click', approve);
form.addEventListener('submit', register);
byId('visit-form').addEventListener('submit', addVisit);
window.addEventListener('hashchange', route);
await Promise.all([
  fillAreaPicker(area, { allowAll: true, wholeDistricts: false, onChange: showList }),
  fillWardSelect(form.elements.wardCode, t('cases.form.pickWard')),
]);
route();
