// The campaigns page: list ⇄ composer ⇄ one campaign's live detail, switched by the address's #fragment so the
// browser's back button works: "" the list, "#new" the composer, "#campaign=<id>" a campaign.
import { startComposer } from './campaign-composer.js';
import { showCampaign, stopWatching } from './campaign-detail.js';
import { api, attempt, byId, formatDate, renderTable, t } from './console.js';

const list = byId('campaign-list');
const composer = byId('composer');
const detail = byId('campaign-detail');

async function showList() {
  const body = await attempt(() => api('GET', '/api/v1/campaigns'));
  if (!body) return;
  renderTable(
    byId('campaigns-table'),
    [
      { label: t('campaigns.field.title'), value: (c) => c.title },
      { label: t('campaigns.field.kind'), value: (c) => t(`campaigns.kind.${c.kind}`) },
      { label: t('campaigns.field.status'), value: (c) => t(`campaigns.status.${c.status}`) },
      { label: t('campaigns.field.createdBy'), value: (c) => c.createdBy },
      { label: t('campaigns.field.createdAt'), value: (c) => formatDate(c.createdAt) },
    ],
    body.campaigns,
    (campaign) => {
      window.location.hash = `campaign=${campaign.id}`;
    },
  );
}

function route() {
  stopWatching();
  const hash = window.location.hash.slice(1);
  const id = /^campaign=([0-9a-f-]{36})$/.exec(hash)?.[1];
  list.hidden = hash !== '';
  composer.hidden = hash !== 'new';
  detail.hidden = !id;
  if (id) showCampaign(id);
  else if (hash === '') showList();
}

byId('new-campaign').addEventListener('click', () => {
  window.location.hash = 'new';
});
byId('detail-back').addEventListener('click', () => {
  window.location.hash = '';
});
startComposer((campaign) => {
  window.location.hash = `campaign=${campaign.id}`;
});
window.addEventListener('hashchange', route);
route();
