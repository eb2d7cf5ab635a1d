// One campaign: its state, a progress bar fed by server-sent events, counts, rate and ETA, and the actions its state
// allows (approve by a second official, pause, resume, cancel) plus the final report.
import { api, attempt, byId, el, formatDate, formatNumber, listen, notify, renderTable, t, user } from './console.js';

const FINAL = ['completed', 'cancelled'];
const ACTIONS = {
  approve: (c) => c.status === 'pending_approval' && c.createdBy !== user.username,
  pause: (c) => ['scheduled', 'running'].includes(c.status),
  resume: (c) => c.status === 'paused',
  cancel: (c) => !FINAL.includes(c.status),
};

let current;
let stop = () => {};

function closeStream() {
  stop();
  stop = () => {};
}

/** Leaves the detail view: no more live stream. */
export function stopWatching() {
  closeStream();
  current = undefined;
}

/** Shows campaign `id` and follows its progress until it ends. */
export async function showCampaign(id) {
  const body = await attempt(() => api('GET', `/api/v1/campaigns/${id}`));
  // The official may have moved on while this loaded.
  if (!body || window.location.hash !== `#campaign=${id}`) return;
  current = body.campaign;
  renderCampaign(body.campaign);
  renderProgress({ status: body.campaign.status, progress: body.progress, ratePerSecond: 0, etaSeconds: null });
  closeStream();
  if (!FINAL.includes(body.campaign.status)) {
    stop = listen(`/api/v1/campaigns/${id}/events`, { progress: renderProgress });
  }
}

function renderCampaign(campaign) {
  byId('detail-title').textContent = campaign.title;
  const facts = [
    t(`campaigns.kind.${campaign.kind}`),
    t(`campaigns.status.${campaign.status}`),
    t('campaigns.detail.createdBy', { name: campaign.createdBy, at: formatDate(campaign.createdAt) }),
    campaign.approvedBy && t('campaigns.detail.approvedBy', { name: campaign.approvedBy }),
    campaign.sendAfter && t('campaigns.detail.sendAfter', { at: formatDate(campaign.sendAfter) }),
    campaign.urgent && t('campaigns.detail.urgent'),
  ];
  byId('detail-meta').textContent = facts.filter(Boolean).join(' · ');
  for (const button of byId('detail-actions').querySelectorAll('button[data-action]')) {
    button.hidden = !ACTIONS[button.dataset.action](campaign);
  }
  byId('detail-report').href = `/api/v1/campaigns/${campaign.id}/report.csv`;
}

function renderProgress({ status, progress, ratePerSecond, etaSeconds }) {
  const count = (name) => progress.byStatus[name] ?? 0;
  const open = count('pending') + count('queued');
  const done = progress.total - open;
  const percent = progress.total > 0 ? Math.floor((done * 100) / progress.total) : 0;
  const bar = byId('detail-progress');
  bar.max = Math.max(progress.total, 1);
  bar.value = done;
  byId('detail-percent').textContent = t('campaigns.detail.percent', {
    percent,
    done: formatNumber(done),
    total: formatNumber(progress.total),
  });
  const stat = (label, value) => el('div', { class: 'stat' }, el('b', {}, value), label);
  byId('detail-stats').replaceChildren(
    stat(t('campaigns.detail.total'), formatNumber(progress.total)),
    stat(t('campaigns.detail.sent'), formatNumber(count('sent') + count('delivered'))),
    stat(t('campaigns.detail.failed'), formatNumber(count('failed'))),
    stat(
      t('campaigns.detail.rate'),
      t('campaigns.detail.perSecond', { rate: formatNumber(Number(ratePerSecond.toFixed(1))) }),
    ),
    stat(t('campaigns.detail.eta'), !etaSeconds ? '–' : t('campaigns.detail.seconds', { seconds: etaSeconds })),
  );
  const counts = (container, map, prefix) =>
    renderTable(
      byId(container),
      [
        { label: t(`campaigns.detail.${prefix}`), value: ([name]) => t(`campaigns.${prefix}.${name}`) },
        { label: t('campaigns.detail.count'), value: ([, n]) => formatNumber(n), numeric: true },
      ],
      Object.entries(map),
    );
  counts('detail-by-status', progress.byStatus, 'deliveryStatus');
  counts('detail-by-channel', progress.byChannel, 'channel');
  if (current && status && status !== current.status) {
    current = { ...current, status };
    renderCampaign(current);
  }
  // The feed itself completes a drained campaign and then ends.
  if (FINAL.includes(status)) closeStream();
}

for (const button of byId('detail-actions').querySelectorAll('button[data-action]')) {
  button.addEventListener('click', async () => {
    const action = button.dataset.action;
    if (!current) return;
    if (action === 'cancel' && !window.confirm(t('campaigns.action.confirmCancel'))) return;
    const id = current.id;
    const body = action === 'approve' ? { approvedBy: user.username } : {};
    const done = await attempt(() => api('POST', `/api/v1/campaigns/${id}/${action}`, body));
    if (!done) return;
    notify(t(`campaigns.action.done.${action}`));
    showCampaign(id);
  });
}
