import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelSender, DeliveryUpdate, InboundEvent } from '../core/channels/contract.js';
import type { Config } from '../core/config/env.js';
import type { Database } from '../core/db/database.js';
import type { IngestOutcome } from './ingest.js';

/** What the service gives a channel: the shared ingest pipeline and delivery-report handling. */
export interface ChannelRuntime {
  config: Config;
  db: Database;
  /** Shared by every process of the service (what one process's bind took, another's may be asked about). */
  redis: Redis;
  logger: Logger;
  ingest(event: InboundEvent): Promise<IngestOutcome>;
  applyDelivery(update: DeliveryUpdate): Promise<void>;
}

export interface OutboundRoute {
  /** Queue suffix: `outbound-<name>`; one per channel and per SMS gateway. */
  name: string;
  sender: ChannelSender;
  /** The provider's rate for this route, enforced across every worker process. */
  limiter: { max: number; durationMs: number };
  /**
   * Most campaign sends a worker may have handed to the provider without storing them yet — what a worker killed
   * mid-campaign may send twice. An SMPP bind's window; SENDS_IN_FLIGHT when left out.
   */
  inFlight?: number;
}

/** One configured channel: its webhooks, its outbound routes, and how it picks a route for a user. */
export interface ChannelModule {
  channel: string;
  routes: readonly OutboundRoute[];
  routeFor(externalId: string): string | undefined;
  registerWebhooks?(app: FastifyInstance): Promise<void>;
  /** Opens long-lived connections (SMPP binds); called once the queues and workers are up. */
  start?(): Promise<void>;
  close?(): Promise<void>;
}
