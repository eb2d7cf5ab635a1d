import { CASE_STATUSES } from '../../core/db/schema.js';
import type { ConsolePage, PageContext } from '../console-page.js';
import { type Html, html } from '../html.js';

/** A visit's venue code and times: in the registration form and in "add a visit". */
function visitFields(ctx: PageContext, required: boolean): Html {
  const { t } = ctx;
  const need = required ? html` required` : '';
  return html`<div class="grid">
<label>${t('cases.field.venueCode')}<input name="venueCode" inputmode="numeric" pattern="\\d{6}" maxlength="6"${need}></label>
<label>${t('cases.field.visitFrom')}<input type="datetime-local" name="visitFrom"${need}></label>
<label>${t('cases.field.visitTo')}<input type="datetime-local" name="visitTo"${need}></label>
</div>`;
}

/** Confirmed cases: the list, registering one with its visits, its exposures by venue, and approving the alert. */
export const casesPage: ConsolePage = {
  slug: 'cases',
  titleKey: 'pages.cases',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'cases.js',
  body: (ctx) => {
    const { t } = ctx;
    return html`<section id="case-list" class="card">
<div class="row"><h2>${t('cases.list.title')}</h2><button type="button" id="new-case">${t('cases.list.new')}</button></div>
<div class="grid">
<label>${t('areaPicker.label')}<select id="case-area"></select></label>
<label>${t('cases.field.status')}<select id="case-status"><option value="">${t('cases.list.anyStatus')}</option>
${CASE_STATUSES.map((status) => html`<option value="${status}">${t(`cases.status.${status}`)}</option>`)}</select></label>
</div>
<div id="cases-table" aria-busy="true">${t('common.loading')}</div>
<p id="cases-capped" class="muted" hidden></p>
</section>
<form id="case-form" class="card" hidden novalidate>
<h2>${t('cases.form.title')}</h2>
<div class="grid">
<label>${t('cases.field.phone')}<input name="phone" type="tel" inputmode="tel" maxlength="20" required></label>
<label>${t('cases.field.ward')}<select name="wardCode"></select></label>
<label>${t('cases.field.infectiousFrom')}<input type="datetime-local" name="infectiousFrom" required></label>
<label>${t('cases.field.infectiousTo')}<input type="datetime-local" name="infectiousTo" required></label>
</div>
<fieldset><legend>${t('cases.form.visit')}</legend>
<p class="muted">${t('cases.form.visitHint')}</p>
${visitFields(ctx, false)}
</fieldset>
<p id="case-form-error" class="error" role="alert" hidden></p>
<div class="row"><button type="submit">${t('cases.form.submit')}</button>
<button type="button" class="secondary" id="case-form-cancel">${t('common.cancel')}</button></div>
</form>
<section id="case-detail" class="card" hidden aria-labelledby="case-title">
<button type="button" class="link" id="case-back">${t('cases.detail.back')}</button>
<h2 id="case-title"></h2>
<p id="case-meta" class="muted"></p>
<h3>${t('cases.detail.visits')}</h3>
<div id="case-visits"></div>
<form id="visit-form" novalidate>
${visitFields(ctx, true)}
<p id="visit-form-error" class="error" role="alert" hidden></p>
<button type="submit" class="secondary">${t('cases.detail.addVisit')}</button>
</form>
<h3>${t('cases.detail.exposures')}</h3>
<p id="exposure-summary" aria-live="polite"></p>
<h4>${t('cases.detail.byVenue')}</h4>
<div id="exposure-by-venue"></div>
<div id="exposure-table"></div>
<div id="approve-box" class="row">
<button type="button" id="approve" hidden>${t('cases.approve.button')}</button>
</div>
<div id="approve-confirm" class="card" role="alertdialog" aria-labelledby="approve-question" hidden>
<p id="approve-question"></p>
<div class="row"><button type="button" class="danger" id="approve-yes">${t('cases.approve.confirm')}</button>
<button type="button" class="secondary" id="approve-no">${t('common.cancel')}</button></div>
</div>
<p id="case-campaign" hidden></p>
</section>`;
  },
};
