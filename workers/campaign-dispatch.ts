import type { ProviderTemplate } from '../core/channels/contract.js';
import type { AudienceMember } from '../core/db/campaign-reach.js';
import type { Database } from '../core/db/database.js';
import {
  listUnsentDeliveries,
  type PendingDelivery,
  queueDeliveries,
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
  queues: Pick<QueueSet, 'enqueueSendBatches' | 'enqueueSend'>;
  routeFor(channel: string, externalId: string): string | undefined;
  translator: Translator;
  /** Approved ZNS template per campaign kind; a kind without one skips ZNS in its policy. */
  znsTemplates: Partial<Record<Campaign['kind'], string>>;
}

/** A person's plan with the outbound route its message goes by. */
export type RoutedPlan = (MemberPlan & { kind: 'skip' }) | (MemberPlan & { kind: 'send'; route: string });

/**
 * Plans a campaign's message for each of these people: the first channel of the policy that can still reach them
 * (never one already tried for them) and the route it goes by; or no message, with the reason.
 */
export function planMessages(
  deps: DispatchDeps,
  campaign: Campaign,
  members: readonly (AudienceMember & { tried?: readonly string[] })[],
): RoutedPlan[] {
  const policy = campaign.channelPolicy.filter(
    (channel) => channel !== 'zns' || deps.znsTemplates[campaign.kind] !== undefined,
  );
  const routable = (channel: string, externalId: string) => deps.routeFor(channel, externalId) !== undefined;
  return members.map(({ reach, tried }) => {
    const choice = chooseChannel(reach, policy, tried ?? [], routable);
    if (choice.kind === 'skip') return choice;
    const route = deps.routeFor(choice.channel, choice.externalId);
    if (!route) throw new Error(`no route for ${choice.channel} after choosing it`);
    return { kind: 'send', channel: choice.channel, externalId: choice.externalId, route };
  });
}

/** What a delivery's message is worded from. */
export interface WordingInput {
  channel: string;
  locale: 'vi' | 'en';
  params: Readonly<Record<string, string>> | null;
}

/** A delivery's message: its text, and the channel extras stored and sent with it (a ZNS template's values). */
export interface Wording {
  text: string;
  payload?: { template: ProviderTemplate };
}

/**
 * Words a campaign's message for its deliveries at send time: the person's language, their own values over the
 * campaign's; on ZNS, the approved template with those values. Deliveries without values of their own share one
 * wording per channel and language, so a province-wide alert is worded twice, not once per person.
 */
export function campaignWording(
  deps: Pick<DispatchDeps, 'translator' | 'znsTemplates'>,
  campaign: Campaign,
): (input: WordingInput) => Wording {
  const message = campaign.message as CampaignMessage;
  const template = deps.znsTemplates[campaign.kind];
  const lookup = (language: 'vi' | 'en', key: string) => templateOf(deps.translator, language, key);
  const shared = new Map<string, Wording>();
  const word = ({ channel, locale, params }: WordingInput): Wording => {
    const values: MessageParams = params ?? {};
    const text = renderCampaignMessage(message, locale, values, lookup);
    return channel === 'zns' && template !== undefined
      ? { text, payload: { template: { id: template, params: templateParams(message, values) } } }
      : { text };
  };
  return (input) => {
    if (input.params !== null && Object.keys(input.params).length > 0) return word(input);
    const key = `${input.channel}:${input.locale}`;
    let wording = shared.get(key);
    if (wording === undefined) {
      wording = word(input);
      shared.set(key, wording);
    }
    return wording;
  };
}

/** Plans the campaign's next audience page (by keyset), stores it and enqueues its deliveries. */
export async function fanOutPage(deps: DispatchDeps, campaign: Campaign, pageSize: number): Promise<void> {
  const page = await planFanoutPage(deps.db, campaign.id, pageSize, (current, members) =>
    planMessages(deps, current, members),
  );
  await enqueueByRoute(
    deps,
    campaign,
    page.queued.map(({ plan, deliveryId }) => ({ route: plan.route, deliveryId })),
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
  const handOffs = [];
  for (const [index, { delivery, locale }] of pending.entries()) {
    const plan = plans[index];
    if (plan?.kind === 'skip') await skipDelivery(deps.db, delivery.id, plan.reason);
    else if (plan) handOffs.push({ delivery, locale, ...plan });
  }
  const queued = await queueDeliveries(deps.db, handOffs);
  await enqueueByRoute(
    deps,
    campaign,
    handOffs.flatMap((h) => (queued.has(h.delivery.id) ? [{ route: h.route, deliveryId: h.delivery.id }] : [])),
  );
}

/**
 * Enqueues again what the campaign stored but may never have queued a job for (a worker that died between a
 * page's commit and its enqueue, or between handing a message to the one-message path and queueing it); a job
 * that does exist keeps its id, so nothing runs twice. Returns how many were queued.
 */
export async function requeueUnsent(deps: DispatchDeps, campaign: Campaign, pageSize: number): Promise<number> {
  let after: string | null = null;
  let total = 0;
  const priority = campaign.urgent ? SEND_PRIORITY.urgent : SEND_PRIORITY.bulk;
  for (;;) {
    const page = await listUnsentDeliveries(deps.db, campaign.id, after, pageSize);
    if (page.length === 0) return total;
    const batched: { route: string; deliveryId: string }[] = [];
    for (const unsent of page) {
      const route = deps.routeFor(unsent.channel, unsent.externalId);
      if (!route) continue;
      if (unsent.messageId === null) batched.push({ route, deliveryId: unsent.deliveryId });
      else await deps.queues.enqueueSend(route, unsent.messageId, priority);
    }
    await enqueueByRoute(deps, campaign, batched);
    total += page.length;
    after = page.at(-1)?.personId ?? null;
  }
}

/** Enqueues deliveries' send work in batch jobs, one bulk per route. */
export async function enqueueByRoute(
  deps: DispatchDeps,
  campaign: Campaign,
  sends: readonly { route: string; deliveryId: string }[],
): Promise<void> {
  const byRoute = new Map<string, string[]>();
  for (const { route, deliveryId } of sends) {
    const ids = byRoute.get(route) ?? [];
    ids.push(deliveryId);
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
