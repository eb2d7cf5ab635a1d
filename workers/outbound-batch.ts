import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { type ChannelSender, PermanentSendError, type SendReceipt } from '../core/channels/contract.js';
import { type BatchSend, loadBatchSends, messagesBehindEarlier, skipBatch } from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { setIdentityOptedOut } from '../core/db/identities-repository.js';
import { findMessage, markUnsent } from '../core/db/messages-repository.js';
import type { Metrics } from '../core/observability/metrics.js';
import type { SendHooks } from './campaign-delivery-hooks.js';
import type { InFlightLimit } from './in-flight-limit.js';
import { type SendBatchJob, type SendPriority, sendJobId } from './queues.js';
import type { RouteRate } from './route-rate.js';
import type { SendClaims } from './send-claims.js';
import type { SentRecorder } from './sent-recorder.js';
import { outboundMessageOf } from './stored-payload.js';

export interface BatchSenderDeps {
  db: Database;
  sender: ChannelSender;
  hooks: SendHooks;
  rate: RouteRate;
  claims: SendClaims;
  /** Held from hand-over to the channel until the send is stored: bounds what a killed worker sends twice. */
  inFlight: InFlightLimit;
  /** Stores the route's sends as they come back (shared by its batch jobs). */
  recorder: SentRecorder;
  metrics: Metrics;
  logger: Logger;
  route: string;
  /** One message back onto the one-message path (ordering behind a reply, a retry after a passing failure). */
  enqueueSingle(messageId: string, priority: SendPriority): Promise<void>;
  /** How far back an earlier queued message to the same person still holds a campaign message behind it. */
  orderWindowMs: number;
  /** True once the process is stopping. */
  stopping(): boolean;
}

/**
 * One job carries a page of a campaign's messages on one route: the campaign is asked once per window rather than
 * once per message, the route's rate is taken for many at once, and the sends are recorded in one statement as they
 * come back — the per-message round trips of the one-message path are what bounded a blast's rate. No loop guard
 * here: a campaign sends one message per (campaign, person) delivery, so it cannot talk to a bot in circles.
 */
export async function sendBatch(deps: BatchSenderDeps, job: Job<SendBatchJob>, token?: string): Promise<string> {
  const owner = job.id ?? '';
  const priority = (job.opts.priority ?? 0) as SendPriority;
  let sends = await loadBatchSends(deps.db, await deps.claims.claim(job.data.messageIds, owner));
  const behind = await messagesBehindEarlier(
    deps.db,
    sends.map((send) => send.message.id),
    deps.orderWindowMs,
  );
  if (behind.size > 0) {
    await handToSingles(deps, [...behind], priority);
    sends = sends.filter((send) => !behind.has(send.message.id));
  }
  while (sends.length > 0) {
    // A stopping process hands the rest back to the queue (this same job, so its claims still hold) rather than keep
    // its shutdown waiting as long as the route's rate makes the remainder take: at 1 TPS a batch of 50 is a minute.
    if (deps.stopping()) {
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    // Asked again every window, so a pause or a cancel stops a long batch within about a second.
    const decision = await deps.hooks.beforeBatch(job.data.campaignId);
    if (decision.action === 'skip') {
      await skipBatch(
        deps.db,
        sends.map((send) => send.message.id),
        decision.reason,
      );
      return 'skipped';
    }
    if (decision.action === 'hold') {
      await job.moveToDelayed(Date.now() + decision.ms, token);
      throw new DelayedError();
    }
    const { granted, waitMs } = await deps.rate.takeUpTo(sends.length);
    if (granted === 0) {
      await sleep(waitMs);
      continue;
    }
    await sendChunk(deps, sends.splice(0, granted), priority);
  }
  return 'sent';
}

async function sendChunk(deps: BatchSenderDeps, chunk: readonly BatchSend[], priority: SendPriority): Promise<void> {
  const recorded: string[] = [];
  const failures: { send: BatchSend; error: unknown }[] = [];
  let recordFailure: unknown;
  await Promise.all(
    chunk.map(async (send) => {
      await deps.inFlight.acquire();
      let receipt: SendReceipt;
      try {
        receipt = await deps.sender.send(outboundMessageOf(send.message, send.externalId));
      } catch (error) {
        deps.inFlight.release();
        failures.push({ send, error });
        return;
      }
      try {
        await deps.recorder.record({
          messageId: send.message.id,
          providerMessageId: receipt.providerMessageId,
          segments: receipt.parts,
        });
        recorded.push(send.message.id);
      } catch (error) {
        recordFailure ??= error;
      } finally {
        deps.inFlight.release();
      }
    }),
  );
  // Every send of the chunk has come back first: a retry must not meet one still on its way to the carrier.
  if (recordFailure !== undefined) throw recordFailure;
  // Recorded sends need no claim any more: their status now keeps any other job from sending them.
  await deps.claims.release(recorded);
  const channel = chunk[0]?.message.channel;
  if (channel && recorded.length > 0) {
    deps.metrics.messages.inc({ channel, direction: 'outbound' }, recorded.length);
  }
  const passing: string[] = [];
  for (const { send, error } of failures) {
    if (error instanceof PermanentSendError) await closePermanentFailure(deps, send, error);
    else {
      deps.logger.warn({ err: error, messageId: send.message.id, route: deps.route }, 'send failed; retried alone');
      passing.push(send.message.id);
    }
  }
  await handToSingles(deps, passing, priority);
}

/** A number that cannot be reached (or blocked us): the delivery falls through to the next channel of its policy. */
async function closePermanentFailure(deps: BatchSenderDeps, send: BatchSend, error: PermanentSendError): Promise<void> {
  if (!(await markUnsent(deps.db, send.message.id, 'failed', error.code))) return;
  const message = await findMessage(deps.db, send.message.id);
  if (message) await deps.hooks.afterOutcome(message, { status: 'failed', reason: error.code });
  if (error.optOut) await setIdentityOptedOut(deps.db, send.message.identityId, true);
}

async function handToSingles(deps: BatchSenderDeps, messageIds: readonly string[], priority: SendPriority) {
  for (const id of messageIds) {
    await deps.claims.transfer([id], sendJobId(id));
    await deps.enqueueSingle(id, priority);
  }
}
