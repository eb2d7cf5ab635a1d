import { BOARD_COLOURS } from '../../core/domain/monitoring-board.js';
import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';

/** The home-monitoring board: everyone monitored in the area, red first, overdue flagged, a person's readings. */
export const monitoringPage: ConsolePage = {
  slug: 'monitoring',
  titleKey: 'pages.monitoring',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'monitoring.js',
  body: ({ t }) => html`<section class="card">
<div class="grid"><label>${t('areaPicker.label')}<select id="board-area"></select></label></div>
<div class="row" id="board-colours" role="group" aria-label="${t('monitoring.filter')}">
<button type="button" data-colour="" aria-pressed="true">${t('monitoring.all')}</button>
${BOARD_COLOURS.map(
  (colour) =>
    html`<button type="button" class="secondary" data-colour="${colour}" aria-pressed="false">${t(`monitoring.colour.${colour}`)} <span data-count="${colour}">0</span></button>`,
)}
</div>
<p class="muted">${t('monitoring.rule')}</p>
</section>
<section id="board-list" class="card">
<div id="board-table" aria-busy="true">${t('common.loading')}</div>
</section>
<section id="board-person" class="card" hidden aria-labelledby="person-name">
<button type="button" class="link" id="person-back">${t('monitoring.back')}</button>
<h2 id="person-name"></h2>
<p id="person-meta" class="muted"></p>
<div id="person-readings" aria-busy="true"></div>
</section>`,
};
