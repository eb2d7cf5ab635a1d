// The campaigns page: the list of recent campaigns.
import { api, attempt, byId, formatDate, renderTable, t } from './console.js';

async function showList() {
  const body = await attempt(() => api('GET', '/api/v1/campaigns'));
  if (!body) return;
  renderTable(
    byId('campaigns-table'),
    [
      { label: t('campaigns.field.title'), value: (c) => c.title },
      { label: t('campaigns.field.kind'), value: (c) => t(`campaigns.kind.${c.kind}`) },
      { label: t('campaigns.field.status'), value: (c) => t(`campaigns.status.${c.status}`) },
      { label: t('campaigns.field.createdAt'), value: (c) => formatDate(c.createdAt) },
    ],
    body.campaigns,
  );
}

showList();
