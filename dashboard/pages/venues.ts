import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';

const RISK_LEVELS = [1, 2, 3, 4] as const;

/** Venues: list, register, edit, close, print the check-in poster; and wards' risk levels on the safety map. */
export const venuesPage: ConsolePage = {
  slug: 'venues',
  titleKey: 'pages.venues',
  roles: ['admin', 'province', 'district', 'ward', 'venue_owner'],
  script: 'venues.js',
  // A venue owner reads their venues and prints posters; the server decides which venues those are.
  data: (ctx) => ({ manage: ctx.user.role !== 'venue_owner' }),
  body: (ctx) => {
    const { t } = ctx;
    const manage = ctx.user.role !== 'venue_owner';
    const levels = RISK_LEVELS.map(
      (level) => html`<option value="${level}">${t(`venues.risk.level${level}`)}</option>`,
    );
    return html`<section id="venue-list" class="card">
<div class="row"><h2>${t('venues.list.title')}</h2>${manage ? html`<button type="button" id="new-venue">${t('venues.list.new')}</button>` : ''}</div>
<div id="venues-table" aria-busy="true">${t('common.loading')}</div>
<button type="button" class="secondary" id="venues-more" hidden>${t('venues.list.more')}</button>
</section>
<form id="venue-form" class="card" hidden novalidate>
<h2 id="venue-form-title"></h2>
<div class="grid">
<label>${t('venues.field.name')}<input name="name" maxlength="120" required></label>
<label>${t('venues.field.category')}<input name="category" maxlength="50" required list="venue-categories"></label>
<label>${t('venues.field.address')}<input name="address" maxlength="200" required></label>
<label>${t('venues.field.wardCode')}<input name="wardCode" inputmode="numeric" pattern="\\d{5}" maxlength="5" required></label>
<label>${t('venues.field.ownerPhone')}<input name="ownerPhone" type="tel" inputmode="tel" maxlength="20"></label>
</div>
<datalist id="venue-categories">${['market', 'restaurant', 'cafe', 'shop', 'school', 'office', 'clinic', 'church'].map(
      (category) => html`<option value="${category}">${t(`venues.category.${category}`)}</option>`,
    )}</datalist>
<p id="venue-form-error" class="error" role="alert" hidden></p>
<div class="row"><button type="submit" id="venue-form-submit"></button>
<button type="button" class="secondary" id="venue-form-cancel">${t('common.cancel')}</button></div>
</form>
${
  manage
    ? html`<form id="risk-form" class="card" novalidate>
<h2>${t('venues.risk.title')}</h2>
<p class="muted">${t('venues.risk.hint')}</p>
<div class="grid">
<label>${t('venues.field.wardCode')}<input name="wardCode" inputmode="numeric" pattern="\\d{5}" maxlength="5" required></label>
<label>${t('venues.risk.level')}<select name="level">${levels}</select></label>
<label>${t('venues.risk.effectiveDate')}<input type="date" name="effectiveDate"></label>
</div>
<p id="risk-form-error" class="error" role="alert" hidden></p>
<button type="submit">${t('venues.risk.submit')}</button>
</form>`
    : ''
}`;
  },
};
