import type { Database } from '../core/db/database.js';
import {
  attachDeliveryMessages,
  type DeliveryHandOff,
  listQueuedSends,
  type PendingDelivery,
  skipDelivery,
} from '../core/db/deliveries-repository.js';
import type { Campaign } from '../core/db/schema.js';
import { type CampaignMessage, type MessageParams, renderCampaignMessage } from '../core/domain/campaign-message.js';
import { chooseChannel } from '../core/domain/channel-policy.js';
import { type Translator, templateOf } from '../core/i18n/translator.js';
import { type QueueSet, SEND_PRIORITY } from './queues.js';

export interface DispatchDeps {
  db: Database;
  queues: Pick<QueueSet, 'enqueueSendBatches'>;
  routeFor(channel: string, externalId: string): string | undefined;
  translator: Translator;
  /** Approved ZNS template per campaign kind; a kind without one skips ZNS in its policy. */
  znsTemplates: Partial<Record<Campaign['kind'], string>>;
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
  const handOffs: (DeliveryHandOff & { route: string })[] = [];
  const template = deps.znsTemplates[campaign.kind];
  const policy = campaign.channelPolicy.filter((channel) => channel !== 'zns' || template !== undefined);
  const routable = (channel: string, externalId: string) => deps.routeFor(channel, externalId) !== undefined;
  for (const { delivery, locale, reach } of pending) {
    const choice = chooseChannel(reach, policy, delivery.triedChannels, routable);
    if (choice.kind === 'skip') {
      await skipDelivery(deps.db, delivery.id, choice.reason);
      continue;
    }
    const route = deps.routeFor(choice.channel, choice.externalId);
    if (!route) throw new Error(`no route for ${choice.channel} after choosing it`);
    const message = campaign.message as CampaignMessage;
    const params = (delivery.params ?? {}) as MessageParams;
    const text = renderCampaignMessage(message, locale, params, (language, key) =>
      templateOf(deps.translator, language, key),
    );
    const payload =
      choice.channel === 'zns' && template !== undefined
        ? { template: { id: template, params: templateParams(message, params) } }
        : undefined;
    handOffs.push({ delivery, channel: choice.channel, externalId: choice.externalId, text, payload, route });
  }
  const attached = await attachDeliveryMessages(deps.db, handOffs);
  const byRoute = new Map<string, string[]>();
  for (const handOff of handOffs) {
    const messageId = attached.get(handOff.delivery.id);
    if (!messageId) continue;
    const ids = byRoute.get(handOff.route) ?? [];
    ids.push(messageId);
    byRoute.set(handOff.route, ids);
  }
  await enqueueByRoute(deps, campaign, byRoute);
}

/** Enqueues again the campaign's stored-but-unsent messages (see listQueuedSends); returns how many. */
export async function requeueUnsent(deps: DispatchDeps, campaign: Campaign, pageSize: number): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const page = await listQueuedSends(deps.db, campaign.id, after, pageSize);
    if (page.length === 0) return total;
    const byRoute = new Map<string, string[]>();
    for (const send of page) {
      const route = deps.routeFor(send.channel, send.externalId);
      if (!route) continue;
      const ids = byRoute.get(route) ?? [];
      ids.push(send.messageId);
      byRoute.set(route, ids);
    }
    await enqueueByRoute(deps, campaign, byRoute);
    total += page.length;
    after = page.at(-1)?.deliveryId ?? null;
  }
}

async function enqueueByRoute(deps: DispatchDeps, campaign: Campaign, byRoute: Map<string, string[]>): Promise<void> {
  const priority = campaign.urgent ? SEND_PRIORITY.urgent : SEND_PRIORITY.bulk;
  for (const [route, ids] of byRoute) await deps.queues.enqueueSendBatches(route, campaign.id, ids, priority);
}

/** The values a ZNS template is filled with: the campaign's, then the person's own (their name, result, date). */
function templateParams(message: CampaignMessage, params: MessageParams): Record<string, string> {
  const merged = { ...('params' in message ? message.params : {}), ...params };
  return Object.fromEntries(Object.entries(merged).map(([name, value]) => [name, String(value)]));
}
