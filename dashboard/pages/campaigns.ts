import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';

/** Mass messages: the list, the composer with its live SMS counter, and a campaign's live progress. */
export const campaignsPage: ConsolePage = {
  slug: 'campaigns',
  titleKey: 'pages.campaigns',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'campaigns.js',
  body: ({ t }) => html`<section id="campaign-list" class="card">
<h2>${t('campaigns.list.title')}</h2>
<div id="campaigns-table" aria-busy="true">${t('common.loading')}</div>
</section>`,
};
