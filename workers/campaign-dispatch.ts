import type { Database } from '../core/db/database.js';
import { attachDeliveryMessage, type PendingDelivery, skipDelivery } from '../core/db/deliveries-repository.js';
import type { Campaign } from '../core/db/schema.js';
import { type CampaignMessage, type MessageParams, renderCampaignMessage } from '../core/domain/campaign-message.js';
import { chooseChannel } from '../core/domain/channel-policy.js';
import { type Translator, templateOf } from '../core/i18n/translator.js';
import { type QueueSet, SEND_PRIORITY } from './queues.js';

export interface DispatchDeps {
  db: Database;
  queues: Pick<QueueSet, 'enqueueSends'>;
  routeFor(channel: string, externalId: string): string | undefined;
  translator: Translator;
}

/**
 * Hands pending deliveries to channels: the first channel of the policy that can still reach each person (never
 * one already tried for this delivery), the text in their language with their own values, then the send jobs in
 * bulk per route. A delivery that no channel can take is skipped with the reason.
 */
export async function dispatchDeliveries(
  deps: DispatchDeps,
  campaign: Campaign,
  pending: readonly PendingDelivery[],
): Promise<void> {
  const byRoute = new Map<string, string[]>();
  for (const { delivery, locale, reach } of pending) {
    const available = reach.identities.filter((identity) => deps.routeFor(identity.channel, identity.externalId));
    const choice = chooseChannel(
      { phone: reach.phone && deps.routeFor('sms', reach.phone) ? reach.phone : null, identities: available },
      campaign.channelPolicy,
      delivery.triedChannels,
    );
    if (choice.kind === 'skip') {
      await skipDelivery(deps.db, delivery.id, choice.reason);
      continue;
    }
    const route = deps.routeFor(choice.channel, choice.externalId);
    if (!route) throw new Error(`no route for ${choice.channel} after choosing it`);
    const text = renderCampaignMessage(
      campaign.message as CampaignMessage,
      locale,
      (delivery.params ?? {}) as MessageParams,
      (language, key) => templateOf(deps.translator, language, key),
    );
    const messageId = await attachDeliveryMessage(deps.db, delivery, { ...choice, personId: delivery.personId, text });
    if (!messageId) continue;
    byRoute.set(route, [...(byRoute.get(route) ?? []), messageId]);
  }
  const priority = campaign.urgent ? SEND_PRIORITY.urgent : SEND_PRIORITY.bulk;
  for (const [route, ids] of byRoute) await deps.queues.enqueueSends(route, ids, priority);
}
