// The relief page for one ward (the API is per ward): pick the ward, its rounds (open, close, pick one), and its
// depots with stock and donations received. The picked round's queue and reports are in relief-round.js.
import { api, byId, el, formatDate, notify, pageData, renderTable, t, user } from './console.js';
import { attemptIn } from './page-errors.js';
import { showRound } from './relief-round.js';

const REMEMBERED = 'console.relief.ward';
const { wards, items } = pageData();
const wardForm = byId('ward-form');
let ward;
let depots = [];

const call = (method, path, body) => attemptIn('relief', () => api(method, path, body));
const base = () => `/api/v1/relief/wards/${ward}`;

async function openWard(code) {
  const body = await call('GET', `/api/v1/relief/wards/${code}/rounds`);
  if (!body) return;
  ward = code;
  sessionStorage.setItem(REMEMBERED, code);
  byId('relief-ward').hidden = false;
  byId('round').hidden = true;
  renderRounds(body.rounds);
  await showDepots();
  const open = body.rounds.find((round) => round.status === 'open');
  if (open) selectRound(open);
}

async function showRounds() {
  const body = await call('GET', `${base()}/rounds`);
  if (body) renderRounds(body.rounds);
}

function renderRounds(rounds) {
  renderTable(
    byId('rounds-table'),
    [
      { label: t('relief.rounds.name'), value: (r) => r.name },
      { label: t('relief.rounds.status'), value: (r) => t(`relief.roundStatus.${r.status}`) },
      { label: t('relief.rounds.openedAt'), value: (r) => formatDate(r.openedAt) },
      {
        label: '',
        value: (r) =>
          r.status === 'open' &&
          el(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: (event) => {
                event.stopPropagation();
                closeRound(r);
              },
            },
            t('relief.rounds.close'),
          ),
      },
    ],
    rounds,
    selectRound,
  );
}

function selectRound(round) {
  showRound({ ward, round, depots: () => depots, onChange: showDepots });
}

async function closeRound(round) {
  if (!window.confirm(t('relief.rounds.confirmClose', { name: round.name }))) return;
  if (await call('POST', `${base()}/rounds/${round.id}/close`)) showRounds();
}

async function showDepots() {
  const body = await call('GET', `${base()}/depots`);
  if (!body) return;
  depots = body.depots;
  renderTable(
    byId('depots-table'),
    [
      { label: t('relief.depots.name'), value: (d) => d.name },
      ...items.map((item) => ({
        label: t(`relief.item.${item}`),
        value: (d) => String(d.stock[item] ?? 0),
        numeric: true,
      })),
    ],
    depots,
  );
  for (const select of document.querySelectorAll('select[name="depotId"]')) {
    const chosen = select.value;
    select.replaceChildren(...depots.map((d) => el('option', { value: d.id }, d.name)));
    if (depots.some((d) => d.id === chosen)) select.value = chosen;
  }
}

/** Posts a small form's fields (`request(elements)` → [path under the ward, body]), then resets it and refreshes. */
function onSubmit(form, request, done) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.checkValidity()) {
      notify(t('relief.incomplete'), 'error');
      return;
    }
    const [path, body] = request(form.elements);
    const result = await call('POST', `${base()}${path}`, body);
    if (!result) return;
    form.reset();
    done(result);
  });
}

onSubmit(
  byId('round-form'),
  (f) => ['/rounds', { name: f.name.value.trim() }],
  ({ round }) => {
    showRounds();
    selectRound(round);
  },
);
onSubmit(byId('depot-form'), (f) => ['/depots', { name: f.name.value.trim() }], showDepots);
onSubmit(
  byId('receipt-form'),
  (f) => [
    `/depots/${f.depotId.value}/receipts`,
    {
      donor: f.donor.value.trim(),
      // Not "item": form.elements.item is the collection's own item() method.
      item: f.stockItem.value,
      quantity: Number(f.quantity.value),
      receivedBy: user.displayName,
    },
  ],
  () => {
    notify(t('relief.receipt.done'));
    showDepots();
  },
);

byId('relief-wards').replaceChildren(...wards.map((code) => el('option', { value: code })));
wardForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = wardForm.elements.ward.value.trim();
  if (/^\d{5}$/.test(code)) openWard(code);
  else notify(t('relief.ward.invalid'), 'error');
});
const first = sessionStorage.getItem(REMEMBERED) || (wards.length === 1 ? wards[0] : '');
if (first) {
  wardForm.elements.ward.value = first;
  openWard(first);
}
