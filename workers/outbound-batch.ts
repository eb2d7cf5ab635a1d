import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { type ChannelSender, PermanentSendError, type SendReceipt } from '../core/channels/contract.js';
import {
  attachQueuedMessages,
  type BatchSend,
  type DeliveryMessage,
  loadBatchSends,
  recordBatchFailure,
  type SentRecord,
  skipBatch,
} from '../core/db/batch-sends-repository.js';
import type { Database } from '../core/db/database.js';
import { setIdentityOptedOut } from '../core/db/identities-repository.js';
import { orderedUuid } from '../core/db/ordered-id.js';
import type { Metrics } from '../core/observability/metrics.js';
import type { BatchDecision, SendHooks } from './campaign-delivery-hooks.js';
import type { InFlightLimit } from './in-flight-limit.js';
import type { SendBatchJob, SendPriority } from './queues.js';
import type { RouteRate } from './route-rate.js';
import type { SendClaims } from './send-claims.js';
import type { SentRecorder } from './sent-recorder.js';
import type { UnrecordedSends } from './unrecorded-sends.js';

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
  /** Sends taken by the channel whose records were lost, by delivery: stored, never sent again, when retried. */
  unrecorded: UnrecordedSends<SentRecord>;
  metrics: Metrics;
  logger: Logger;
  route: string;
  /** One message onto the one-message path (ordering behind a reply, a retry after a passing failure). */
  enqueueSingle(messageId: string, priority: SendPriority): Promise<void>;
  /** How far back an earlier queued message to the same person still holds a campaign message behind it. */
  orderWindowMs: number;
  /** True once the process is stopping. */
  stopping(): boolean;
}

type Word = Extract<BatchDecision, { action: 'send' }>['word'];

/**
 * One job carries a page of a campaign's deliveries on one route: the campaign is asked once per window rather than
 * once per message, the route's rate is taken for many at once, each message is worded as it goes and stored with
 * its send in one statement as the sends come back — the per-message round trips of the one-message path are what
 * bounded a blast's rate. No loop guard here: a campaign sends one message per (campaign, person) delivery, so it
 * cannot talk to a bot in circles.
 */
export async function sendBatch(deps: BatchSenderDeps, job: Job<SendBatchJob>, token?: string): Promise<string> {
  const owner = job.id ?? '';
  const priority = (job.opts.priority ?? 0) as SendPriority;
  const load = await loadBatchSends(deps.db, await deps.claims.claim(job.data.deliveryIds, owner), deps.orderWindowMs);
  // Handed over by an earlier run of this job that died before queueing them: their jobs keep their ids.
  for (const messageId of load.handedOver) await deps.enqueueSingle(messageId, priority);
  const stored = await storeUnrecorded(deps, [...load.sends, ...load.behind]);
  let sends = load.sends.filter((send) => !stored.has(send.deliveryId));
  let behind = load.behind.filter((send) => !stored.has(send.deliveryId));
  while (sends.length > 0 || behind.length > 0) {
    // A stopping process hands the rest back to the queue (this same job, so its claims still hold) rather than keep
    // its shutdown waiting as long as the route's rate makes the remainder take: at 1 TPS a batch of 200 is minutes.
    if (deps.stopping()) {
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    // Asked again every window, so a pause or a cancel stops a long batch within about a second.
    const decision = await deps.hooks.beforeBatch(job.data.campaignId);
    if (decision.action === 'skip') {
      await skipBatch(
        deps.db,
        [...sends, ...behind].map((send) => send.deliveryId),
        decision.reason,
      );
      return 'skipped';
    }
    if (decision.action === 'hold') {
      await job.moveToDelayed(Date.now() + decision.ms, token);
      throw new DelayedError();
    }
    if (behind.length > 0) {
      await handToSingles(
        deps,
        behind.map((send) => messageOf(send, decision.word)),
        priority,
      );
      behind = [];
    }
    if (sends.length === 0) break;
    const { granted, waitMs } = await deps.rate.takeUpTo(sends.length);
    if (granted === 0) {
      await sleep(waitMs);
      continue;
    }
    await sendChunk(deps, job.data.campaignId, sends.slice(0, granted), decision.word, priority);
    sends = sends.slice(granted);
  }
  return 'sent';
}

/**
 * Stores the sends an earlier run of this job handed to the channel but could not record (the database failed): they
 * are sent already. Returns their deliveries; throws, keeping them, while the database still fails — but a row it
 * now refuses for its value is let go, to be sent again for a fresh id like any refused row.
 */
async function storeUnrecorded(deps: BatchSenderDeps, sends: readonly BatchSend[]): Promise<Set<string>> {
  const records = sends.flatMap((send) => deps.unrecorded.get(send.deliveryId) ?? []);
  if (records.length === 0) return new Set();
  const outcomes = await Promise.allSettled(records.map((record) => deps.recorder.record(record)));
  const storedRecords = records.filter((_, index) => outcomes[index]?.status === 'fulfilled');
  const stored = storedRecords.map((record) => record.deliveryId);
  deps.unrecorded.forget(stored);
  records.forEach((record, index) => {
    const outcome = outcomes[index];
    if (outcome?.status === 'rejected') deps.unrecorded.storeFailed(record.deliveryId, record, outcome.reason);
  });
  if (stored.length > 0) {
    await deps.claims.release(stored);
    for (const { channel } of storedRecords) deps.metrics.messages.inc({ channel, direction: 'outbound' });
    deps.logger.info(
      { sends: stored.length, route: deps.route },
      'stored sends whose records were lost, not sent again',
    );
  }
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return new Set(stored);
}

/** The message a delivery goes as: a new id, the campaign's wording for its channel, language and values. */
function messageOf(send: BatchSend, word: Word): DeliveryMessage {
  const { text, payload } = word(send);
  return {
    deliveryId: send.deliveryId,
    messageId: orderedUuid(),
    identityId: send.identityId,
    channel: send.channel,
    text,
    ...(payload ? { payload } : {}),
  };
}

async function sendChunk(
  deps: BatchSenderDeps,
  campaignId: string,
  chunk: readonly BatchSend[],
  word: Word,
  priority: SendPriority,
): Promise<void> {
  const recorded: string[] = [];
  const failures: { message: DeliveryMessage; error: unknown }[] = [];
  // Why the chunk stops early: a record the database failed to store, or a send that could not be worded.
  let stop: unknown;
  // Never rejects: its failures are kept above, and it may be waited for only once the whole chunk has gone out.
  const sendOne = async (send: BatchSend) => {
    try {
      const message = messageOf(send, word);
      let receipt: SendReceipt;
      try {
        receipt = await deps.sender.send({
          messageId: message.messageId,
          recipient: send.externalId,
          text: message.text,
          ...(message.payload ? { template: message.payload.template } : {}),
        });
      } catch (error) {
        failures.push({ message, error });
        return;
      }
      const record: SentRecord = { ...message, providerMessageId: receipt.providerMessageId, segments: receipt.parts };
      try {
        await deps.recorder.record(record);
        recorded.push(send.deliveryId);
      } catch (error) {
        // Sent: the retry stores it rather than send it again (unless the database refused the row itself).
        deps.unrecorded.storeFailed(send.deliveryId, record, error);
        stop ??= error;
      }
    } catch (error) {
      // Not worded (a campaign message that no longer parses): nothing went out; the job fails and retries.
      stop ??= error;
    } finally {
      deps.inFlight.release();
    }
  };
  // A send is made (worded, given its id) only once it holds a slot: made all at once, a route's batches kept
  // thousands alive for the best part of a second, and the worker's young generation copied them over and over.
  const sending: Promise<void>[] = [];
  for (const send of chunk) {
    await deps.inFlight.acquire();
    // Once a send stops the chunk, the rest wait for the retry: after a record the database failed to store, each
    // sent now would be one more message the carrier took without a record, sent again if this process dies first.
    if (stop !== undefined) {
      deps.inFlight.release();
      break;
    }
    sending.push(sendOne(send));
  }
  await Promise.all(sending);
  // Every send of the chunk has come back first: a retry must not meet one still on its way to the carrier.
  if (stop !== undefined) throw stop;
  // Recorded sends need no claim any more: their status now keeps any other job from sending them.
  await deps.claims.release(recorded);
  const channel = chunk[0]?.channel;
  if (channel && recorded.length > 0) {
    deps.metrics.messages.inc({ channel, direction: 'outbound' }, recorded.length);
  }
  const passing: DeliveryMessage[] = [];
  for (const { message, error } of failures) {
    if (error instanceof PermanentSendError) await closePermanentFailure(deps, campaignId, message, error);
    else {
      deps.logger.warn({ err: error, deliveryId: message.deliveryId, route: deps.route }, 'send failed; retried alone');
      passing.push(message);
    }
  }
  await handToSingles(deps, passing, priority);
}

/** A number that cannot be reached (or blocked us): the delivery falls through to the next channel of its policy. */
async function closePermanentFailure(
  deps: BatchSenderDeps,
  campaignId: string,
  message: DeliveryMessage,
  error: PermanentSendError,
): Promise<void> {
  if (error.optOut) await setIdentityOptedOut(deps.db, message.identityId, true);
  if (await recordBatchFailure(deps.db, message, error.code)) {
    await deps.hooks.afterBatchFailure(campaignId, message.deliveryId);
  }
  await deps.claims.release([message.deliveryId]);
}

/**
 * Deliveries leave the batch for the one-message path, with its per-person ordering and retries: each gets its
 * message stored queued (which takes it off the batch path, so a rerun of this job leaves it alone), then its job.
 */
async function handToSingles(deps: BatchSenderDeps, handed: readonly DeliveryMessage[], priority: SendPriority) {
  const attached = await attachQueuedMessages(deps.db, handed);
  for (const message of attached) await deps.enqueueSingle(message.messageId, priority);
  await deps.claims.release(handed.map((message) => message.deliveryId));
}
