import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';
import { audienceTypes, composerForm } from './campaign-composer.js';

// POST /api/v1/campaigns takes up to 64 MB; the CSV travels inside JSON (newlines and quotes escaped), so leave room.
const CSV_MAX_BYTES = 48 * 1024 * 1024;

/** Mass messages: the list, the composer with its live SMS counter, and a campaign's live progress. */
export const campaignsPage: ConsolePage = {
  slug: 'campaigns',
  titleKey: 'pages.campaigns',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'campaigns.js',
  data: (ctx) => ({ audiences: audienceTypes(ctx), csvMaxBytes: CSV_MAX_BYTES }),
  body: (ctx) => {
    const { t } = ctx;
    return html`<section id="campaign-list" class="card">
<div class="row"><h2>${t('campaigns.list.title')}</h2><button type="button" id="new-campaign">${t('campaigns.list.new')}</button></div>
<div id="campaigns-table" aria-busy="true">${t('common.loading')}</div>
</section>
${composerForm(ctx)}
<section id="campaign-detail" class="card" hidden aria-labelledby="detail-title">
<button type="button" class="link" id="detail-back">${t('campaigns.detail.back')}</button>
<h2 id="detail-title"></h2>
<p id="detail-meta" class="muted"></p>
<progress id="detail-progress" max="1" value="0" aria-labelledby="detail-percent"></progress>
<p id="detail-percent" aria-live="polite"></p>
<div id="detail-stats" class="stats"></div>
<div class="grid">
<div><h3>${t('campaigns.detail.byStatus')}</h3><div id="detail-by-status"></div></div>
<div><h3>${t('campaigns.detail.byChannel')}</h3><div id="detail-by-channel"></div></div>
</div>
<div class="row" id="detail-actions">
<button type="button" data-action="approve" hidden>${t('campaigns.action.approve')}</button>
<button type="button" class="secondary" data-action="pause" hidden>${t('campaigns.action.pause')}</button>
<button type="button" class="secondary" data-action="resume" hidden>${t('campaigns.action.resume')}</button>
<button type="button" class="danger" data-action="cancel" hidden>${t('campaigns.action.cancel')}</button>
<a id="detail-report" download>${t('campaigns.detail.report')}</a>
</div>
</section>`;
  },
};
