import { createCampaign } from '../../core/db/campaigns-repository.js';
import type { Database } from '../../core/db/database.js';
import { planFanoutPage } from '../../core/db/fanout-repository.js';
import type { Campaign } from '../../core/db/schema.js';

/**
 * An SMS campaign to these phones with its messages stored queued and no send job yet, as a fan-out leaves them (or
 * as a dying one leaves them before queueing); the message ids in the order of the phones.
 */
export async function queuedCampaign(
  db: Database,
  phones: readonly string[],
): Promise<{ campaign: Campaign; messageIds: string[] }> {
  const campaign = await createCampaign(
    db,
    {
      kind: 'information',
      title: 'queued',
      message: { text: { vi: 'Thong bao' } },
      audience: { type: 'phones' },
      channelPolicy: ['sms'],
      createdBy: 'test',
    },
    phones.map((phone) => ({ phone, params: {} })),
  );
  const page = await planFanoutPage(db, campaign.id, 100, (_campaign, members) =>
    members.map((member) => ({
      kind: 'send' as const,
      channel: 'sms',
      externalId: member.reach.phone ?? '',
      text: 'Thong bao',
    })),
  );
  const messageOfPhone = new Map(page.queued.map(({ plan, messageId }) => [plan.externalId, messageId] as const));
  return { campaign, messageIds: phones.map((phone) => messageOfPhone.get(phone) ?? '') };
}
