import { findCampaign } from '../core/db/campaigns-repository.js';
import type { Database } from '../core/db/database.js';
import {
  findDeliveryByMessage,
  listPendingDeliveries,
  recordDeliveryOutcome,
  skipDelivery,
} from '../core/db/deliveries-repository.js';
import type { Campaign, Message } from '../core/db/schema.js';
import { isQuiet, nextSendableTime, type QuietHours } from '../core/domain/quiet-hours.js';
import {
  campaignWording,
  type DispatchDeps,
  dispatchDeliveries,
  type Wording,
  type WordingInput,
} from './campaign-dispatch.js';

export type SendDecision = { action: 'send' } | { action: 'hold'; ms: number } | { action: 'skip'; reason: string };
export type SendOutcome = { status: 'sent'; segments: number } | { status: 'failed'; reason: string };
/** A batch may go: with the campaign's wording for its deliveries. */
export type BatchDecision =
  | Exclude<SendDecision, { action: 'send' }>
  | { action: 'send'; word(input: WordingInput): Wording };

/** What the outbound worker asks before and tells after each send; campaign messages answer, replies pass. */
export interface SendHooks {
  beforeSend(message: Message): Promise<SendDecision>;
  /** The same rules once for a batch of one campaign's deliveries (the batch path records skips itself). */
  beforeBatch(campaignId: string): Promise<BatchDecision>;
  afterOutcome(message: Message, outcome: SendOutcome): Promise<void>;
  /** A batch's delivery its channel refused for good (now pending): on to the next channel of its policy. */
  afterBatchFailure(campaignId: string, deliveryId: string): Promise<void>;
}

export interface DeliveryHookOptions extends DispatchDeps {
  db: Database;
  quietHours: QuietHours;
  now(): Date;
  /** A held message looks again this often (a pause ends, the morning comes) rather than sleeping blindly. */
  recheckMs: number;
}

/** Campaign rules at send time: cancelled → skip, paused → hold, quiet hours → hold (urgent alerts excepted). */
export function createDeliveryHooks(options: DeliveryHookOptions): SendHooks {
  const decide = (campaign: Campaign): SendDecision => {
    if (campaign.status === 'cancelled') return { action: 'skip', reason: 'cancelled' };
    if (campaign.status !== 'running') return { action: 'hold', ms: options.recheckMs };
    const now = options.now();
    if (!campaign.urgent && isQuiet(now, options.quietHours)) {
      const wait = nextSendableTime(now, options.quietHours).getTime() - now.getTime();
      return { action: 'hold', ms: Math.min(wait, options.recheckMs) };
    }
    return { action: 'send' };
  };
  // Fall through to the next channel of the policy for this one person.
  const fallThrough = async (campaign: Campaign, deliveryId: string) => {
    if (campaign.status === 'cancelled') return;
    const pending = await listPendingDeliveries(options.db, campaign.id, 1, deliveryId);
    await dispatchDeliveries(options, campaign, pending);
  };
  return {
    async beforeSend(message) {
      // A reply or a notice names no delivery: no campaign rule applies, and no query is spent finding that out
      // (two a message on the one-message path, a quarter of its statements).
      if (message.deliveryId === null) return { action: 'send' };
      const found = await findDeliveryByMessage(options.db, message.id);
      if (!found) return { action: 'send' };
      const decision = decide(found.campaign);
      if (decision.action === 'skip') await skipDelivery(options.db, found.delivery.id, decision.reason);
      return decision;
    },
    async beforeBatch(campaignId) {
      const campaign = await findCampaign(options.db, campaignId);
      if (!campaign) return { action: 'skip', reason: 'campaign_deleted' };
      const decision = decide(campaign);
      return decision.action === 'send' ? { action: 'send', word: campaignWording(options, campaign) } : decision;
    },
    async afterOutcome(message, outcome) {
      if (message.deliveryId === null) return;
      const found = await findDeliveryByMessage(options.db, message.id);
      if (!found) return;
      await recordDeliveryOutcome(options.db, found.delivery.id, outcome);
      if (outcome.status === 'failed') await fallThrough(found.campaign, found.delivery.id);
    },
    async afterBatchFailure(campaignId, deliveryId) {
      const campaign = await findCampaign(options.db, campaignId);
      if (campaign) await fallThrough(campaign, deliveryId);
    },
  };
}
