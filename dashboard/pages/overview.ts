import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';

/** Today's figures of the official's areas and 14 days of declarations, high-risk and check-ins by ward. */
export const overviewPage: ConsolePage = {
  slug: 'overview',
  titleKey: 'pages.overview',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'overview.js',
  body: ({ t }) => html`<section class="card">
<div class="grid"><label>${t('areaPicker.label')}<select id="overview-area"></select></label>
<p id="overview-today" class="muted"></p></div>
<div id="overview-cards" class="stats" aria-busy="true">${t('common.loading')}</div>
</section>
<section class="card" aria-labelledby="overview-charts-title">
<h2 id="overview-charts-title">${t('overview.charts.title')}</h2>
<div id="overview-charts" class="grid"></div>
</section>
<section class="card" aria-labelledby="overview-wards-title">
<h2 id="overview-wards-title">${t('overview.wards.title')}</h2>
<p class="muted">${t('overview.wards.hint')}</p>
<div id="overview-wards"></div>
</section>`,
};
