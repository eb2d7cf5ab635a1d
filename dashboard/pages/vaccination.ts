import type { ConsolePage, PageContext } from '../console-page.js';
import { html } from '../html.js';

// The wards an official may put a site in and name directly: their own ward codes (5 digits); a district or
// province official types the ward's code and the server checks it lies in their areas.
const ownWards = (ctx: PageContext) => ctx.user.areas.filter((code) => /^\d{5}$/.test(code));

/** Vaccination: sites (create, edit, close, CSV), a site's slots (create, close, CSV) and its registrations. */
export const vaccinationPage: ConsolePage = {
  slug: 'vaccination',
  titleKey: 'pages.vaccination',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'vaccination.js',
  body: (ctx) => {
    const { t } = ctx;
    const wardOptions = ownWards(ctx).map((code) => html`<option value="${code}"></option>`);
    return html`<link rel="stylesheet" href="/console/assets/services.css">
<datalist id="own-wards">${wardOptions}</datalist>
<section id="sites" class="card" aria-labelledby="sites-title">
<div class="row"><h2 id="sites-title">${t('vaccination.sites.title')}</h2>
<button type="button" id="new-site">${t('vaccination.sites.new')}</button>
<label class="inline">${t('vaccination.sites.import')}<input type="file" id="sites-csv" accept=".csv,text/csv"></label></div>
<p class="muted">${t('vaccination.sites.csvHint')}</p>
<form id="site-form" class="card" hidden novalidate>
<h3 id="site-form-title"></h3>
<div class="fields">
<label>${t('vaccination.site.code')}<input name="code" required maxlength="40"></label>
<label>${t('vaccination.site.name')}<input name="name" required maxlength="200"></label>
<label>${t('vaccination.site.address')}<input name="address" required maxlength="300"></label>
<label>${t('vaccination.site.wardCode')}<input name="wardCode" required pattern="\\d{5}" inputmode="numeric" list="own-wards"></label>
<label>${t('vaccination.site.contactName')}<input name="contactName" maxlength="100"></label>
<label>${t('vaccination.site.contactPhone')}<input name="contactPhone" required type="tel" maxlength="40"></label>
</div>
<div class="row"><button type="submit">${t('vaccination.save')}</button><button type="button" class="secondary" id="site-cancel">${t('common.cancel')}</button></div>
</form>
<div id="sites-table" aria-busy="true">${t('common.loading')}</div>
</section>
<section id="site-detail" class="card" hidden aria-labelledby="site-title">
<button type="button" class="link" id="site-back">${t('vaccination.site.back')}</button>
<h2 id="site-title"></h2>
<p id="site-meta" class="muted"></p>
<h3>${t('vaccination.slots.title')}</h3>
<form id="slot-form" novalidate>
<div class="fields">
<label>${t('vaccination.slot.startsAt')}<input name="startsAt" type="datetime-local" required></label>
<label>${t('vaccination.slot.endsAt')}<input name="endsAt" type="datetime-local" required></label>
<label>${t('vaccination.slot.vaccine')}<input name="vaccine" required maxlength="40" list="vaccines"></label>
<label>${t('vaccination.slot.capacity')}<input name="capacity" type="number" min="1" max="100000" required></label>
</div>
<datalist id="vaccines"></datalist>
<div class="row"><button type="submit">${t('vaccination.slots.new')}</button>
<label class="inline">${t('vaccination.slots.import')}<input type="file" id="slots-csv" accept=".csv,text/csv"></label></div>
<p class="muted">${t('vaccination.slots.csvHint')}</p>
</form>
<div id="slots-table"></div>
<h3>${t('vaccination.registrations.title')}</h3>
<form id="registration-filters" class="fields">
<label>${t('vaccination.registrations.slot')}<select name="slotId"><option value="">${t('vaccination.registrations.allSlots')}</option></select></label>
<label>${t('vaccination.registrations.date')}<input name="date" type="date"></label>
<label>${t('vaccination.registrations.status')}<select name="status"><option value="">${t('vaccination.registrations.allStatuses')}</option>
${['booked', 'done', 'no_show', 'cancelled'].map((status) => html`<option value="${status}">${t(`vaccination.status.${status}`)}</option>`)}</select></label>
<label>${t('vaccination.registrations.idNumber')}<input name="idNumber" inputmode="numeric" pattern="\\d{9}|\\d{12}" maxlength="12"></label>
</form>
<p><a id="registrations-csv" download>${t('vaccination.registrations.csv')}</a></p>
<div id="registrations-table"></div>
<button type="button" class="secondary" id="registrations-more" hidden>${t('vaccination.registrations.more')}</button>
</section>`;
  },
};
