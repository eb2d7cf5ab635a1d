// Declarations: filters (ward, Vietnam dates, risk, kind) → a list paged by the API's cursor → one declaration in
// full; the CSV link carries the same filters. The server refuses a ward outside the official's areas.
import { chip } from './chart.js';
import { api, attempt, byId, el, formatDate, renderTable, t, user } from './console.js';
import { areaQuery, fillAreaPicker, queryString, wardName } from './ward-picker.js';

const PAGE = 50;
const form = byId('declaration-filters');
const list = byId('declaration-list');
const detail = byId('declaration-detail');
const more = byId('declarations-more');
let rows = [];
let nextCursor = null;
let loading = 0;
// The filters the shown list was read with: "show more" and the CSV keep to them even if the form is edited meanwhile.
let applied = {};

/** A code's label in the console texts, or the code itself for one the texts do not know yet. */
const label = (prefix, code) => {
  const text = t(`${prefix}.${code}`);
  return text === `${prefix}.${code}` ? code : text;
};
const labels = (prefix, codes) => (codes?.length ? codes.map((code) => label(prefix, code)).join(', ') : '–');

function filters() {
  const values = Object.fromEntries(new FormData(form));
  return { ...areaQuery(values.area), from: values.from, to: values.to, risk: values.risk, kind: values.kind };
}

const COLUMNS = [
  { label: t('declarations.field.createdAt'), value: (d) => formatDate(d.createdAt) },
  { label: t('declarations.field.fullName'), value: (d) => d.fullName },
  { label: t('declarations.field.birthYear'), value: (d) => d.birthYear, numeric: true },
  { label: t('declarations.field.kind'), value: (d) => t(`declarations.kind.${d.kind}`) },
  { label: t('declarations.field.risk'), value: (d) => chip(d.riskLevel, t(`declarations.risk.${d.riskLevel}`)) },
  { label: t('declarations.field.phone'), value: (d) => d.phone ?? '' },
  { label: t('declarations.field.ward'), value: (d) => wardName(d.wardCode) },
];

function renderList() {
  renderTable(byId('declarations-table'), COLUMNS, rows, (row) => {
    window.location.hash = `declaration=${row.id}`;
  });
  more.hidden = !nextCursor;
}

async function load(append) {
  const mine = ++loading;
  const shown = append ? applied : filters();
  const query = { ...shown, limit: String(PAGE), ...(append && nextCursor ? { cursor: nextCursor } : {}) };
  detail.hidden = true;
  const body = await attempt(() => api('GET', `/api/v1/declarations${queryString(query)}`));
  if (mine !== loading) return;
  if (!body) {
    byId('declarations-table').replaceChildren(el('p', { class: 'muted' }, t('declarations.unavailable')));
    more.hidden = true;
    return;
  }
  applied = shown;
  rows = append ? [...rows, ...body.declarations] : body.declarations;
  nextCursor = body.nextCursor;
  renderList();
  byId('declarations-csv').href = `/api/v1/declarations${queryString({ ...applied, format: 'csv' })}`;
}

// What an entry declaration's travel holds that an official may read (never the ID document's ciphertext).
const TRAVEL_FIELDS = ['documentMasked', 'nationality', 'vehicle', 'seat', 'port', 'arrivalDate', 'countries'];

function fact(name, value) {
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, t(`declarations.field.${name}`)),
    el('td', { 'data-field': name }, value ?? '–'),
  );
}

function showDeclaration(d) {
  byId('declaration-name').textContent = d.fullName;
  byId('declaration-facts').replaceChildren(
    el(
      'tbody',
      {},
      fact('createdAt', formatDate(d.createdAt)),
      fact('kind', t(`declarations.kind.${d.kind}`)),
      fact('risk', chip(d.riskLevel, t(`declarations.risk.${d.riskLevel}`))),
      fact('reasons', labels('declarations.reason', d.riskReasons)),
      fact('birthYear', String(d.birthYear)),
      fact('gender', d.gender ? label('declarations.gender', d.gender) : null),
      fact('phone', d.phone),
      fact('ward', wardName(d.wardCode)),
      fact('address', d.address),
      fact('symptoms', labels('declarations.symptom', d.symptoms)),
      fact('exposures', labels('declarations.exposure', d.exposures)),
      fact('vaccineDoses', d.vaccineDoses === null ? null : String(d.vaccineDoses)),
      ...TRAVEL_FIELDS.filter((name) => d.travel?.[name]).map((name) => fact(name, d.travel[name])),
      fact('channel', d.channel),
      fact('receipt', d.receiptCode),
    ),
  );
}

// "#declaration=<id>" shows one row of the list (the API has no read by id; the list already holds it all).
function route() {
  const id = /^#declaration=([0-9a-f-]{36})$/.exec(window.location.hash)?.[1];
  const row = id && rows.find((candidate) => candidate.id === id);
  list.hidden = Boolean(row);
  form.hidden = Boolean(row);
  detail.hidden = !row;
  if (row) {
    showDeclaration(row);
    // The row may have been far down a long list.
    detail.scrollIntoView();
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (window.location.hash) window.location.hash = '';
  await load(false);
});
more.addEventListener('click', () => load(true));
byId('declaration-back').addEventListener('click', () => {
  window.location.hash = '';
});
window.addEventListener('hashchange', route);

// The last seven Vietnam days by default: what an official checks first.
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const weekAgo = new Date(Date.now() + 7 * 3_600_000 - 6 * 86_400_000).toISOString().slice(0, 10);
form.elements.from.value = weekAgo;
form.elements.to.value = today;
await fillAreaPicker(form.elements.area, {
  allowAll: user.role === 'admin',
  wholeDistricts: false,
  onChange: () => load(false),
});
if (window.location.hash) window.location.hash = '';
await load(false);
