// The overview: today's cards for the chosen area, three 14-day charts (declarations, high-risk, check-ins) summed
// over its wards, and a table of wards whose row narrows the page to that ward.
import { barChart } from './chart.js';
import { api, attempt, byId, el, formatNumber, renderTable, t } from './console.js';
import { areaQuery, fillAreaPicker, queryString } from './ward-picker.js';

const SERIES = [
  { name: 'declarations', colour: '#0b5fae' },
  { name: 'highRisk', colour: '#c62828' },
  { name: 'checkins', colour: '#2e7d32' },
];

const select = byId('overview-area');
let loading = 0;

function card(name, value, detail) {
  return el(
    'div',
    { class: 'stat', 'data-card': name },
    el('b', {}, formatNumber(value)),
    t(`overview.card.${name}`),
    detail ? el('div', { class: 'muted' }, detail) : undefined,
  );
}

function renderCards(body) {
  const cards = byId('overview-cards');
  cards.removeAttribute('aria-busy');
  cards.replaceChildren(
    card('declarations', body.declarations.today),
    card('highRisk', body.declarations.highRiskToday),
    card('monitoring', body.monitoring.active, t('overview.card.overdue', { count: body.monitoring.overdue })),
    card('checkins', body.checkins.today),
    card(
      'vaccination',
      body.vaccination.bookedToday,
      t('overview.card.upcoming', { count: body.vaccination.upcoming }),
    ),
    card(
      'relief',
      body.relief.open,
      t('overview.card.reliefDetail', {
        submitted: body.relief.submitted,
        verified: body.relief.verified,
        approved: body.relief.approved,
      }),
    ),
  );
}

const sumDays = (wards, name, days) => days.map((_, day) => wards.reduce((sum, ward) => sum + ward[name][day], 0));

function renderCharts({ days, wards }) {
  byId('overview-charts').replaceChildren(
    ...SERIES.map(({ name, colour }) =>
      barChart({ name, title: t(`overview.series.${name}`), days, values: sumDays(wards, name, days), colour }),
    ),
  );
  const total = (ward, name) => ward[name].reduce((sum, value) => sum + value, 0);
  renderTable(
    byId('overview-wards'),
    [
      { label: t('overview.wards.ward'), value: (ward) => ward.name ?? t('overview.wards.none') },
      ...SERIES.map(({ name }) => ({
        label: t(`overview.series.${name}`),
        value: (ward) => formatNumber(total(ward, name)),
        numeric: true,
      })),
    ],
    wards,
    (ward) => {
      if (!ward.ward || !select.querySelector(`option[value="ward:${ward.ward}"]`)) return;
      select.value = `ward:${ward.ward}`;
      select.dispatchEvent(new Event('change'));
    },
  );
}

async function load(area) {
  const mine = ++loading;
  byId('overview-cards').setAttribute('aria-busy', 'true');
  const body = await attempt(() => api('GET', `/api/v1/overview${queryString(areaQuery(area))}`));
  // A slower answer for an area the official has since left must not overwrite the newer one.
  if (!body || mine !== loading) return;
  byId('overview-today').textContent = t('overview.today', { day: body.today.split('-').reverse().join('/') });
  renderCards(body);
  renderCharts(body.series);
}

load(await fillAreaPicker(select, { allowAll: true, wholeDistricts: true, onChange: load }));
