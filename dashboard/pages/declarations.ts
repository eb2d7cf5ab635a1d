import { DECLARATION_KINDS, RISK_LEVELS } from '../../core/db/schema.js';
import type { ConsolePage, PageContext } from '../console-page.js';
import { html } from '../html.js';

const choices = (ctx: PageContext, name: string, values: readonly string[], prefix: string) =>
  html`<select name="${name}"><option value="">${ctx.t('declarations.filter.any')}</option>${values.map(
    (value) => html`<option value="${value}">${ctx.t(`${prefix}.${value}`)}</option>`,
  )}</select>`;

/** Health declarations of a ward: filters, a paged list, one declaration in full, and the same list as CSV. */
export const declarationsPage: ConsolePage = {
  slug: 'declarations',
  titleKey: 'pages.declarations',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'declarations.js',
  body: (ctx) => {
    const { t } = ctx;
    return html`<form id="declaration-filters" class="card" novalidate>
<div class="grid">
<label>${t('areaPicker.ward')}<select name="area"></select></label>
<label>${t('declarations.filter.from')}<input type="date" name="from"></label>
<label>${t('declarations.filter.to')}<input type="date" name="to"></label>
<label>${t('declarations.filter.risk')}${choices(ctx, 'risk', RISK_LEVELS, 'declarations.risk')}</label>
<label>${t('declarations.filter.kind')}${choices(ctx, 'kind', DECLARATION_KINDS, 'declarations.kind')}</label>
</div>
<div class="row"><button type="submit">${t('declarations.filter.apply')}</button>
<a id="declarations-csv" download="declarations.csv">${t('declarations.csv')}</a></div>
</form>
<section id="declaration-list" class="card">
<div id="declarations-table" aria-busy="true">${t('common.loading')}</div>
<button type="button" class="secondary" id="declarations-more" hidden>${t('declarations.more')}</button>
</section>
<section id="declaration-detail" class="card" hidden aria-labelledby="declaration-name">
<button type="button" class="link" id="declaration-back">${t('declarations.back')}</button>
<h2 id="declaration-name"></h2>
<div class="table-wrap"><table id="declaration-facts"></table></div>
</section>`;
  },
};
