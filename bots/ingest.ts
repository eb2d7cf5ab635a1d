import type { Redis } from 'ioredis';
import type { InboundEvent } from '../core/channels/contract.js';
import type { Config, Locale } from '../core/config/env.js';
import type { Database } from '../core/db/database.js';
import {
  linkIdentityToPhone,
  type ResolvedIdentity,
  resolveIdentity,
  setIdentityOptedOut,
} from '../core/db/identities-repository.js';
import { forgetUntakenInbound, markUnsent, recordInbound, recordOutbound } from '../core/db/messages-repository.js';
import type { Message } from '../core/db/schema.js';
import type { Translator } from '../core/i18n/translator.js';
import type { Metrics } from '../core/observability/metrics.js';
import { normalizeVietnamesePhone } from '../core/text/phone.js';
import type { QueueSet } from '../workers/queues.js';
import { countAttemptLastMinute } from './attempts-last-minute.js';

export interface IngestDeps {
  db: Database;
  queues: QueueSet;
  redis: Redis;
  translator: Translator;
  metrics: Metrics;
  config: Pick<Config, 'DEFAULT_LOCALE' | 'INBOUND_FLOOD_LIMIT_PER_MINUTE' | 'QUEUE_PREFIX'>;
  /** The outbound queue for a channel user, if the channel sends later (not the web channel). */
  routeFor(channel: string, externalId: string): string | undefined;
}

export type IngestOutcome =
  | { kind: 'queued' | 'duplicate' | 'flooded'; message: Message; identity: ResolvedIdentity }
  | { kind: 'unfollowed'; identity: ResolvedIdentity };

/**
 * The common tail of every webhook, after its channel verified and parsed the request: identity → dedupe → store →
 * flood limit → enqueue the turn. Fast on purpose: providers expect their 2xx within a second or two.
 */
export async function ingestEvent(deps: IngestDeps, event: InboundEvent): Promise<IngestOutcome> {
  const identity = await resolveIdentity(deps.db, {
    channel: event.channel,
    externalId: event.externalId,
    locale: deps.config.DEFAULT_LOCALE,
  });
  // An SMS comes from its sender's own number: as good a proof of the phone as a shared contact.
  const phone =
    event.contactPhone ?? (event.channel === 'sms' ? normalizeVietnamesePhone(event.externalId) : undefined);
  if (phone && phone !== identity.person.phone) await linkIdentityToPhone(deps.db, identity.identity.id, phone);
  if (event.kind === 'unfollow') {
    await setIdentityOptedOut(deps.db, identity.identity.id, true);
    return { kind: 'unfollowed', identity };
  }
  const payload = {
    ...(event.startPayload ? { startPayload: event.startPayload } : {}),
    ...(event.contactPhone ? { contactPhone: event.contactPhone } : {}),
  };
  const { message, duplicate } = await recordInbound(deps.db, {
    channel: event.channel,
    identityId: identity.identity.id,
    providerMessageId: event.providerMessageId,
    // A follow starts the conversation like /start does.
    text: event.kind === 'follow' ? '/start' : event.text,
    payload: Object.keys(payload).length > 0 ? payload : undefined,
  });
  if (duplicate) {
    // A provider delivers again what it was not told we took: the first delivery may have stored the message and
    // failed before its turn was queued (Redis away: it was answered 5xx). Queued now, or it would never be answered;
    // the turn's job id and its status check keep a message that had its turn from having a second.
    if (message.status === 'received') await deps.queues.enqueueTurn(message.id);
    return { kind: 'duplicate', message, identity };
  }
  let sent: number;
  try {
    sent = await countAttemptLastMinute(
      deps.redis,
      `${deps.config.QUEUE_PREFIX}:flood:${event.channel}:${event.externalId}`,
      deps.config.INBOUND_FLOOD_LIMIT_PER_MINUTE,
    );
    if (sent <= deps.config.INBOUND_FLOOD_LIMIT_PER_MINUTE) await deps.queues.enqueueTurn(message.id);
  } catch (error) {
    // Redis away: the provider is told we did not take the message (a 5xx, an SMSC's refusal) and delivers it again.
    // An SMSC's redelivery carries no id of the first (SMPP has no MO message id), so the copy stored here would stay
    // unanswered beside the redelivered one: it goes. Should that fail too, a webhook's redelivery still finds it.
    await forgetUntakenInbound(deps.db, message.id).catch(() => undefined);
    throw error;
  }
  deps.metrics.messages.inc({ channel: event.channel, direction: 'inbound' });
  const limit = deps.config.INBOUND_FLOOD_LIMIT_PER_MINUTE;
  if (sent > limit) {
    await markUnsent(deps.db, message.id, 'skipped', 'flood');
    // One polite notice when the limit is first crossed; after that, silence until the last minute holds fewer messages.
    if (sent === limit + 1) await sendFloodNotice(deps, identity, message);
    return { kind: 'flooded', message, identity };
  }
  return { kind: 'queued', message, identity };
}

async function sendFloodNotice(deps: IngestDeps, identity: ResolvedIdentity, inbound: Message): Promise<void> {
  const route = deps.routeFor(inbound.channel, identity.identity.externalId);
  if (!route) return;
  const notice = await recordOutbound(deps.db, {
    channel: inbound.channel,
    identityId: identity.identity.id,
    replyToId: inbound.id,
    text: deps.translator.t(identity.person.locale as Locale, 'common:flood'),
  });
  await deps.queues.enqueueSend(route, notice.id);
}
