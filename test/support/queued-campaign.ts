import { eq } from 'drizzle-orm';
import type { DeliveryMessage } from '../../core/db/batch-sends-repository.js';
import { createCampaign } from '../../core/db/campaigns-repository.js';
import type { Database } from '../../core/db/database.js';
import { planFanoutPage } from '../../core/db/fanout-repository.js';
import { orderedUuid } from '../../core/db/ordered-id.js';
import { type Campaign, deliveries } from '../../core/db/schema.js';

/**
 * A campaign to these phones with its deliveries stored queued on SMS and no send job yet, as a fan-out leaves them
 * (or as a dying one leaves them before queueing); the delivery ids in the order of the phones. SMS comes first in
 * `channelPolicy` (the default has nothing after it).
 */
export async function queuedCampaign(
  db: Database,
  phones: readonly string[],
  channelPolicy: readonly string[] = ['sms'],
): Promise<{ campaign: Campaign; deliveryIds: string[] }> {
  const campaign = await createCampaign(
    db,
    {
      kind: 'information',
      title: 'queued',
      message: { text: { vi: 'Thong bao' } },
      audience: { type: 'phones' },
      channelPolicy: [...channelPolicy],
      createdBy: 'test',
    },
    phones.map((phone) => ({ phone, params: {} })),
  );
  const page = await planFanoutPage(db, campaign.id, 100, (_campaign, members) =>
    members.map((member) => ({ kind: 'send' as const, channel: 'sms', externalId: member.reach.phone ?? '' })),
  );
  const deliveryOfPhone = new Map(page.queued.map(({ plan, deliveryId }) => [plan.externalId, deliveryId] as const));
  return { campaign, deliveryIds: phones.map((phone) => deliveryOfPhone.get(phone) ?? '') };
}

/** The message a queued delivery would go as (a fresh id, the fixture's text), as the batch path makes it. */
export async function deliveryMessage(db: Database, deliveryId: string): Promise<DeliveryMessage> {
  const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!delivery?.identityId || !delivery.channel) throw new Error(`delivery ${deliveryId} is not queued on a channel`);
  return {
    deliveryId,
    messageId: orderedUuid(),
    identityId: delivery.identityId,
    channel: delivery.channel,
    text: 'Thong bao',
  };
}
