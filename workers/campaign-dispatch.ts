import type { AudienceMember } from '../core/db/campaign-reach.js';
import type { Database } from '../core/db/database.js';
import {
  attachDeliveryMessages,
  type DeliveryHandOff,
  listQueuedSends,
  type PendingDelivery,
  skipDelivery,
} from '../core/db/deliveries-repository.js';
import { type MemberPlan, planFanoutPage } from '../core/db/fanout-repository.js';
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

/** A person's plan with the outbound route its message goes by. */
export type RoutedPlan = (MemberPlan & { kind: 'skip' }) | (MemberPlan & { kind: 'send'; route: string });

/**
 * Plans a campaign's message for each of these people: the first channel of the policy that can still reach them
 * (never one already tried for them), the text in their language with their own values, the route it goes by; or
 * no message, with the reason.
 */
export function planMessages(
  deps: DispatchDeps,
  campaign: Campaign,
  members: readonly (AudienceMember & { tried?: readonly string[] })[],
): RoutedPlan[] {
  const template = deps.znsTemplates[campaign.kind];
  const policy = campaign.channelPolicy.filter((channel) => channel !== 'zns' || template !== undefined);
  const routable = (channel: string, externalId: string) => deps.routeFor(channel, externalId) !== undefined;
  const message = campaign.message as CampaignMessage;
  const lookup = (language: 'vi' | 'en', key: string) => templateOf(deps.translator, language, key);
  return members.map(({ locale, reach, params, tried }) => {
    const choice = chooseChannel(reach, policy, tried ?? [], routable);
    if (choice.kind === 'skip') return choice;
    const route = deps.routeFor(choice.channel, choice.externalId);
    if (!route) throw new Error(`no route for ${choice.channel} after choosing it`);
    const values = (params ?? {}) as MessageParams;
    const text = renderCampaignMessage(message, locale, values, lookup);
    const payload =
      choice.channel === 'zns' && template !== undefined
        ? { template: { id: template, params: templateParams(message, values) } }
        : undefined;
    return { kind: 'send', channel: choice.channel, externalId: choice.externalId, text, payload, route };
  });
}

/**
 * Plans the campaign's next audience pages (`lanes` side by side where the audience allows), stores them and
 * enqueues their messages.
 */
export async function fanOutPage(
  deps: DispatchDeps,
  campaign: Campaign,
  pageSize: number,
  lanes: number,
): Promise<void> {
  const page = await planFanoutPage(
    deps.db,
    campaign.id,
    pageSize,
    (current, members) => planMessages(deps, current, members),
    lanes,
  );
  await enqueueByRoute(
    deps,
    campaign,
    page.queued.map(({ plan, messageId }) => ({ route: plan.route, messageId })),
  );
}

/**
 * Hands pending deliveries (a failure falling through to the next channel) to their channels, then their send
 * jobs in bulk per route. A delivery that no channel can take is skipped with the reason.
 */
export async function dispatchDeliveries(
  deps: DispatchDeps,
  campaign: Campaign,
  pending: readonly PendingDelivery[],
): Promise<void> {
  const plans = planMessages(
    deps,
    campaign,
    pending.map(({ delivery, locale, reach }) => ({
      personId: delivery.personId,
      params: delivery.params as Record<string, string> | null,
      locale,
      reach,
      tried: delivery.triedChannels,
    })),
  );
  const handOffs: (DeliveryHandOff & { route: string })[] = [];
  for (const [index, { delivery }] of pending.entries()) {
    const plan = plans[index];
    if (plan?.kind === 'skip') await skipDelivery(deps.db, delivery.id, plan.reason);
    else if (plan) handOffs.push({ delivery, ...plan });
  }
  const attached = await attachDeliveryMessages(deps.db, handOffs);
  await enqueueByRoute(
    deps,
    campaign,
    handOffs.flatMap((h) => {
      const messageId = attached.get(h.delivery.id);
      return messageId ? [{ route: h.route, messageId }] : [];
    }),
  );
}

/** Enqueues again the campaign's stored-but-unsent messages (see listQueuedSends); returns how many. */
export async function requeueUnsent(deps: DispatchDeps, campaign: Campaign, pageSize: number): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const page = await listQueuedSends(deps.db, campaign.id, after, pageSize);
    if (page.length === 0) return total;
    await enqueueByRoute(
      deps,
      campaign,
      page.flatMap((send) => {
        const route = deps.routeFor(send.channel, send.externalId);
        return route ? [{ route, messageId: send.messageId }] : [];
      }),
    );
    total += page.length;
    after = page.at(-1)?.deliveryId ?? null;
  }
}

async function enqueueByRoute(
  deps: DispatchDeps,
  campaign: Campaign,
  sends: readonly { route: string; messageId: string }[],
): Promise<void> {
  const byRoute = new Map<string, string[]>();
  for (const { route, messageId } of sends) {
    const ids = byRoute.get(route) ?? [];
    ids.push(messageId);
    byRoute.set(route, ids);
  }
  const priority = campaign.urgent ? SEND_PRIORITY.urgent : SEND_PRIORITY.bulk;
  for (const [route, ids] of byRoute) await deps.queues.enqueueSendBatches(route, campaign.id, ids, priority);
}

/** The values a ZNS template is filled with: the campaign's, then the person's own (their name, result, date). */
function templateParams(message: CampaignMessage, params: MessageParams): Record<string, string> {
  const merged = { ...('params' in message ? message.params : {}), ...params };
  return Object.fromEntries(Object.entries(merged).map(([name, value]) => [name, String(value)]));
}
