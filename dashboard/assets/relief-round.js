// One relief round of a ward: totals, the request queue with its workflow (verify → approve → deliver from a depot,
// or reject with a reason the requester reads), suspected duplicates to decide, vulnerable households not yet
// covered, and the deliveries CSV.
import { api, byId, el, formatNumber, notify, renderTable, t, user } from './console.js';
import { attemptIn } from './page-errors.js';

const NEXT_STEP = { submitted: 'verify', verified: 'approve', approved: 'deliver' };
const deliverForm = byId('deliver-form');
/** { ward, round, depots(), onChange() } of the round shown. */
let context;
let delivering;

const call = (method, path, body) => attemptIn('relief', () => api(method, path, body));
const base = () => `/api/v1/relief/wards/${context.ward}`;
const button = (label, run, kind = 'secondary') => el('button', { type: 'button', class: kind, onclick: run }, label);
const itemsOf = (request) => request.items.map((item) => t(`relief.item.${item}`)).join(', ');

/** Shows a round of a ward; `depots()` gives the ward's depots, `onChange()` refreshes them after a delivery. */
export function showRound(next) {
  context = next;
  byId('round').hidden = false;
  byId('round-title').textContent = t('relief.round.title', { name: context.round.name });
  byId('deliveries-csv').href = `${base()}/rounds/${context.round.id}/deliveries.csv`;
  deliverForm.hidden = true;
  showQueue();
  showDuplicates();
  showCoverage();
}

async function showQueue() {
  const status = byId('queue-status').value;
  const query = status ? `?status=${status}` : '';
  const body = await call('GET', `${base()}/rounds/${context.round.id}/requests${query}`);
  if (!body) return;
  const stat = (label, value) => el('div', { class: 'stat' }, el('b', {}, formatNumber(value)), label);
  byId('round-totals').replaceChildren(
    stat(t('relief.round.requests'), body.totals.requests),
    ...['submitted', 'verified', 'approved', 'delivered'].map((s) =>
      stat(t(`relief.status.${s}`), body.totals.byStatus[s] ?? 0),
    ),
  );
  renderTable(
    byId('queue-table'),
    [
      { label: t('relief.queue.number'), value: (r) => `#${r.request.number}`, numeric: true },
      { label: t('relief.queue.household'), value: (r) => `${r.household.headName} · ${r.household.phone ?? ''}` },
      { label: t('relief.queue.address'), value: (r) => r.household.address },
      { label: t('relief.queue.size'), value: (r) => String(r.household.size), numeric: true },
      { label: t('relief.queue.items'), value: (r) => itemsOf(r.request) },
      { label: t('relief.queue.urgency'), value: (r) => t(`relief.urgency.${r.request.urgency}`) },
      { label: t('relief.queue.status'), value: (r) => t(`relief.status.${r.request.status}`) },
      { label: '', value: (r) => actions(r.request) },
    ],
    body.requests,
  );
}

function actions(request) {
  const step = NEXT_STEP[request.status];
  if (!step) return '';
  const forward =
    step === 'deliver'
      ? button(t('relief.action.deliver'), () => openDelivery(request), '')
      : button(t(`relief.action.${step}`), () => decide(request, step, { by: user.displayName }), '');
  return el(
    'div',
    { class: 'row' },
    forward,
    button(t('relief.action.reject'), () => reject(request), 'danger'),
  );
}

async function decide(request, action, body) {
  const done = await call('POST', `${base()}/requests/${request.id}/${action}`, body);
  if (!done) return false;
  notify(t(`relief.action.done.${action}`, { number: request.number }));
  showQueue();
  return true;
}

function reject(request) {
  const reason = window.prompt(t('relief.action.reason', { number: request.number }))?.trim();
  if (!reason) return;
  if (reason.length < 3) notify(t('relief.action.reasonShort'), 'error');
  else decide(request, 'reject', { by: user.displayName, reason });
}

function openDelivery(request) {
  delivering = request;
  byId('deliver-title').textContent = t('relief.deliver.title', { number: request.number, items: itemsOf(request) });
  deliverForm.elements.depotId.replaceChildren(...context.depots().map((d) => el('option', { value: d.id }, d.name)));
  byId('deliver-items').replaceChildren(
    ...request.items.map((item) =>
      el(
        'label',
        {},
        t(`relief.item.${item}`),
        el('input', { type: 'number', name: `item-${item}`, 'data-item': item, min: '0', value: '1' }),
      ),
    ),
  );
  deliverForm.hidden = false;
  deliverForm.scrollIntoView({ block: 'nearest' });
}

deliverForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const items = [...byId('deliver-items').querySelectorAll('input[data-item]')]
    .map((input) => ({ item: input.dataset.item, quantity: Number(input.value) }))
    .filter((line) => line.quantity > 0);
  if (!deliverForm.elements.depotId.value || items.length === 0) {
    notify(t('relief.deliver.incomplete'), 'error');
    return;
  }
  const body = { by: user.displayName, depotId: deliverForm.elements.depotId.value, items };
  if (!(await decide(delivering, 'deliver', body))) return;
  deliverForm.hidden = true;
  context.onChange();
  showCoverage();
});
byId('deliver-cancel').addEventListener('click', () => {
  deliverForm.hidden = true;
});
byId('queue-status').addEventListener('change', () => showQueue());

async function showDuplicates() {
  const body = await call('GET', `${base()}/rounds/${context.round.id}/duplicates`);
  if (!body) return;
  const household = (h) => [h.headName, h.phone, h.address].filter(Boolean).join(' · ');
  renderTable(
    byId('duplicates-table'),
    [
      { label: t('relief.duplicates.household'), value: (d) => household(d.household) },
      { label: t('relief.duplicates.matches'), value: (d) => household(d.matches) },
      {
        label: t('relief.duplicates.decision'),
        value: (d) =>
          d.review.decision
            ? t(`relief.duplicates.${d.review.decision}`)
            : el(
                'div',
                { class: 'row' },
                button(t('relief.duplicates.same'), () => decideDuplicate(d.review, 'same')),
                button(t('relief.duplicates.different'), () => decideDuplicate(d.review, 'different')),
              ),
      },
    ],
    body.suspected,
  );
}

async function decideDuplicate(review, decision) {
  if (await call('POST', `${base()}/reviews/${review.id}/decide`, { decision, by: user.displayName })) showDuplicates();
}

async function showCoverage() {
  const body = await call('GET', `${base()}/rounds/${context.round.id}/coverage`);
  if (!body) return;
  renderTable(
    byId('coverage-table'),
    [
      { label: t('relief.queue.household'), value: (h) => h.household.headName },
      { label: t('relief.queue.address'), value: (h) => h.household.address },
      { label: t('relief.queue.size'), value: (h) => String(h.household.size), numeric: true },
      {
        label: t('relief.queue.status'),
        value: (h) =>
          h.requestNumber
            ? `#${h.requestNumber} · ${t(`relief.status.${h.requestStatus}`)}`
            : t('relief.coverage.noRequest'),
      },
    ],
    body.households,
  );
}
