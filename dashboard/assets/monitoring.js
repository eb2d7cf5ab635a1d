// The home-monitoring board: counts per colour (each a filter), everyone monitored in the area red first with an
// overdue flag and their last reading, and on click one person's daily readings ("#case=<id>").
import { chip } from './chart.js';
import { api, attempt, byId, el, formatNumber, renderTable, t } from './console.js';
import { areaQuery, fillAreaPicker, queryString, wardName } from './ward-picker.js';

const select = byId('board-area');
const colourButtons = [...byId('board-colours').querySelectorAll('button[data-colour]')];
let colour = '';
let people = [];
let loading = 0;

const day = (iso) => (iso ? iso.split('-').reverse().join('/') : '–');
const reasons = (codes) => (codes ?? []).map((code) => t(`monitoring.reason.${code}`)).join(', ');
const yesNo = (value) => (value === null || value === undefined ? '–' : t(value ? 'common.yes' : 'common.no'));

function standing(person) {
  const flags = [];
  if (person.escalated) flags.push(t('monitoring.escalated'));
  else if (person.overdue) flags.push(t('monitoring.overdue'));
  return el(
    'span',
    {},
    chip(person.colour, t(`monitoring.colour.${person.colour}`)),
    flags.length ? el('b', { class: 'error', 'data-flag': 'overdue' }, ` ${flags.join(' · ')}`) : undefined,
  );
}

function lastReading(person) {
  if (!person.lastAnswered) return t('monitoring.noAnswer');
  const alert = person.lastAlert && person.lastAlert !== 'none' ? ` – ${reasons(person.lastAlertReasons)}` : '';
  return `${day(person.lastAnswered)}${alert}`;
}

const COLUMNS = [
  { label: t('monitoring.field.standing'), value: standing },
  { label: t('monitoring.field.name'), value: (p) => p.fullName ?? t('monitoring.unnamed') },
  { label: t('monitoring.field.phone'), value: (p) => p.phone ?? '' },
  { label: t('monitoring.field.kind'), value: (p) => p.kind },
  { label: t('monitoring.field.ward'), value: (p) => wardName(p.wardCode) },
  { label: t('monitoring.field.period'), value: (p) => `${day(p.startDate)} – ${day(p.endDate)}` },
  { label: t('monitoring.field.lastReading'), value: lastReading },
];

async function loadBoard() {
  const mine = ++loading;
  const query = { ...areaQuery(select.value), colour };
  const body = await attempt(() => api('GET', `/api/v1/monitoring/board${queryString(query)}`));
  if (!body || mine !== loading) return;
  for (const [name, count] of Object.entries(body.counts)) {
    byId('board-colours').querySelector(`[data-count="${name}"]`).textContent = String(count);
  }
  people = body.people;
  renderTable(byId('board-table'), COLUMNS, people, (person) => {
    window.location.hash = `case=${person.caseId}`;
  });
}

const ALERT_COLOURS = { none: 'green', warning: 'amber', emergency: 'red' };
const READING_COLUMNS = [
  { label: t('monitoring.reading.date'), value: (c) => day(c.checkDate) },
  {
    label: t('monitoring.reading.alert'),
    value: (c) =>
      c.answeredAt
        ? chip(ALERT_COLOURS[c.alertLevel] ?? 'green', t(`monitoring.alert.${c.alertLevel ?? 'none'}`))
        : t(
            c.missedAt
              ? 'monitoring.reading.missed'
              : c.remindedAt
                ? 'monitoring.reading.reminded'
                : 'monitoring.reading.asked',
          ),
  },
  {
    label: t('monitoring.reading.temperature'),
    value: (c) => (c.temperature === null ? '–' : `${formatNumber(c.temperature)} °C`),
    numeric: true,
  },
  { label: t('monitoring.reading.spo2'), value: (c) => (c.spo2 === null ? '–' : `${c.spo2} %`), numeric: true },
  { label: t('monitoring.reading.breathing'), value: (c) => yesNo(c.breathingDifficulty) },
  { label: t('monitoring.reading.chestPain'), value: (c) => yesNo(c.chestPain) },
  { label: t('monitoring.reading.other'), value: (c) => c.otherSymptoms ?? '' },
  { label: t('monitoring.reading.reasons'), value: (c) => reasons(c.alertReasons) },
];

async function showPerson(caseId) {
  const person = people.find((candidate) => candidate.caseId === caseId);
  byId('person-name').textContent = person?.fullName ?? person?.phone ?? t('monitoring.unnamed');
  byId('person-meta').replaceChildren(...(person ? [standing(person), ` · ${lastReading(person)}`] : []));
  const container = byId('person-readings');
  container.setAttribute('aria-busy', 'true');
  container.replaceChildren(t('common.loading'));
  const body = await attempt(() => api('GET', `/api/v1/monitoring/${caseId}/readings`));
  if (!body || window.location.hash !== `#case=${caseId}`) return;
  // Newest first: the day that worries the official is today's.
  renderTable(container, READING_COLUMNS, [...body.checks].reverse());
}

function route() {
  const id = /^#case=([0-9a-f-]{36})$/.exec(window.location.hash)?.[1];
  byId('board-list').hidden = Boolean(id);
  byId('board-person').hidden = !id;
  if (id) {
    showPerson(id);
    byId('board-person').scrollIntoView();
  }
}

for (const button of colourButtons) {
  button.addEventListener('click', () => {
    colour = button.dataset.colour;
    for (const other of colourButtons) {
      other.setAttribute('aria-pressed', String(other === button));
      other.classList.toggle('secondary', other !== button);
    }
    loadBoard();
  });
}
byId('person-back').addEventListener('click', () => {
  window.location.hash = '';
});
window.addEventListener('hashchange', route);

await fillAreaPicker(select, { allowAll: true, wholeDistricts: true, onChange: loadBoard });
await loadBoard();
route();
