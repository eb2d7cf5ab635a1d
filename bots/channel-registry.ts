import type { MessageStatus } from '../core/db/schema.js';
import type { TurnAdapter } from '../core/dialogs/turn-adapter.js';
import { WEB_CHANNEL } from './web/web-routes.js';

interface ChannelEntry {
  /** The status a reply is stored with: the web channel answers in its HTTP response, so its replies are delivered. */
  replyStatus: MessageStatus;
  adapter?: TurnAdapter;
}

/** Every channel the service speaks; adding one is a folder under bots/ and a line here. */
const CHANNELS: Readonly<Record<string, ChannelEntry>> = {
  [WEB_CHANNEL]: { replyStatus: 'delivered' },
};

export function replyStatusOf(channel: string): MessageStatus {
  return CHANNELS[channel]?.replyStatus ?? 'queued';
}

export function channelAdapters(): ReadonlyMap<string, TurnAdapter> {
  return new Map(
    Object.entries(CHANNELS).flatMap(([name, entry]) => (entry.adapter ? [[name, entry.adapter] as const] : [])),
  );
}
