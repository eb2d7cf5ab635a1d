import type { ChannelModule } from '../channel-module.js';

/**
 * The web chat as a channel for what is said outside a turn (a staff officer's answer, a notice): such a message is
 * "sent" into the person's mailbox at once, and the chat page collects it (GET /channels/web/messages), which marks it
 * delivered. A turn's own replies still come back in the HTTP response that asked.
 */
export function createWebMailbox(channel: string): ChannelModule {
  return {
    channel,
    routes: [
      {
        name: channel,
        sender: {
          channel,
          send: async (message) => ({ providerMessageId: `${channel}-${message.messageId}`, parts: 1 }),
        },
        // Nothing leaves the service, so no provider rate applies; this only keeps a flood of notices in line.
        limiter: { max: 1000, durationMs: 1000 },
      },
    ],
    routeFor: () => channel,
  };
}
