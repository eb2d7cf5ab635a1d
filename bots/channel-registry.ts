import type { MessageStatus } from '../core/db/schema.js';
import type { ChannelModule, ChannelRuntime, OutboundRoute } from './channel-module.js';
import { createSmsChannel } from './sms/sms-channel.js';
import { createTelegramChannel } from './telegram/telegram-channel.js';
import { createWebMailbox } from './web/web-mailbox.js';
import { WEB_CHANNEL } from './web/web-routes.js';
import { createZaloChannels } from './zalo/zalo-channel.js';

/** Every channel module that could be configured; each returns undefined when its variables are not set. */
// Each gives the modules its configuration turns on (none when unconfigured).
const FACTORIES: readonly ((runtime: ChannelRuntime) => ChannelModule | ChannelModule[] | undefined)[] = [
  createTelegramChannel,
  createZaloChannels,
  createSmsChannel,
];

export interface ChannelSet {
  modules: readonly ChannelModule[];
  routes: readonly OutboundRoute[];
  routeFor(channel: string, externalId: string): string | undefined;
  replyStatusOf(channel: string): MessageStatus;
  close(): Promise<void>;
}

/**
 * The configured channels. The web channel is always on: it answers a turn in its HTTP response, and keeps what is
 * said outside a turn in a mailbox its page collects.
 */
export function buildChannels(runtime: ChannelRuntime): ChannelSet {
  const modules = [createWebMailbox(WEB_CHANNEL), ...FACTORIES.flatMap((factory) => factory(runtime) ?? [])];
  const byChannel = new Map(modules.map((module) => [module.channel, module]));
  return {
    modules,
    routes: modules.flatMap((module) => module.routes),
    routeFor: (channel, externalId) => byChannel.get(channel)?.routeFor(externalId),
    replyStatusOf: (channel) => (channel === WEB_CHANNEL ? 'delivered' : 'queued'),
    async close() {
      for (const module of modules) await module.close?.();
    },
  };
}
