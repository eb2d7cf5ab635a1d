import { RELIEF_ITEMS as ITEMS, RELIEF_REQUEST_STATUSES as STATUSES } from '../../core/db/schema.js';
import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';

/** Relief of one ward: rounds, the request queue and its workflow, depots and stock, duplicates and coverage. */
export const reliefPage: ConsolePage = {
  slug: 'relief',
  titleKey: 'pages.relief',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'relief.js',
  data: (ctx) => ({ wards: ctx.user.areas.filter((code) => /^\d{5}$/.test(code)), items: ITEMS }),
  body: ({ t }) => {
    const itemOptions = ITEMS.map((item) => html`<option value="${item}">${t(`relief.item.${item}`)}</option>`);
    return html`<link rel="stylesheet" href="/console/assets/services.css">
<form id="ward-form" class="card row" novalidate>
<label>${t('relief.ward.label')}<input name="ward" required pattern="\\d{5}" inputmode="numeric" list="relief-wards"></label>
<datalist id="relief-wards"></datalist>
<button type="submit">${t('relief.ward.open')}</button>
</form>
<div id="relief-ward" hidden>
<section class="card" aria-labelledby="rounds-title">
<h2 id="rounds-title">${t('relief.rounds.title')}</h2>
<form id="round-form" class="row" novalidate>
<label>${t('relief.rounds.name')}<input name="name" required maxlength="100"></label>
<button type="submit">${t('relief.rounds.new')}</button>
</form>
<div id="rounds-table"></div>
</section>
<section id="round" class="card" hidden aria-labelledby="round-title">
<h2 id="round-title"></h2>
<div id="round-totals" class="stats"></div>
<div class="row">
<label>${t('relief.queue.status')}<select id="queue-status"><option value="">${t('relief.queue.all')}</option>
${STATUSES.map((status) => html`<option value="${status}">${t(`relief.status.${status}`)}</option>`)}</select></label>
<a id="deliveries-csv" download>${t('relief.queue.csv')}</a>
</div>
<div id="queue-table"></div>
<form id="deliver-form" class="card" hidden novalidate>
<h3 id="deliver-title"></h3>
<label>${t('relief.deliver.depot')}<select name="depotId" required></select></label>
<div id="deliver-items" class="fields"></div>
<div class="row"><button type="submit">${t('relief.deliver.submit')}</button><button type="button" class="secondary" id="deliver-cancel">${t('common.cancel')}</button></div>
</form>
<h3>${t('relief.duplicates.title')}</h3>
<div id="duplicates-table"></div>
<h3>${t('relief.coverage.title')}</h3>
<div id="coverage-table"></div>
</section>
<section class="card" aria-labelledby="depots-title">
<h2 id="depots-title">${t('relief.depots.title')}</h2>
<form id="depot-form" class="row" novalidate>
<label>${t('relief.depots.name')}<input name="name" required maxlength="100"></label>
<button type="submit">${t('relief.depots.new')}</button>
</form>
<div id="depots-table"></div>
<form id="receipt-form" novalidate>
<h3>${t('relief.receipt.title')}</h3>
<div class="fields">
<label>${t('relief.deliver.depot')}<select name="depotId" required></select></label>
<label>${t('relief.receipt.donor')}<input name="donor" required maxlength="200"></label>
<label>${t('relief.receipt.item')}<select name="stockItem">${itemOptions}</select></label>
<label>${t('relief.receipt.quantity')}<input name="quantity" type="number" min="1" required></label>
</div>
<button type="submit">${t('relief.receipt.submit')}</button>
</form>
</section>
</div>`;
  },
};
