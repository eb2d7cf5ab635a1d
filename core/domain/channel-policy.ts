/** What the alerts engine knows of one person's reachability. */
export interface Reachability {
  phone: string | null;
  identities: readonly { channel: string; externalId: string; optedOut: boolean }[];
}

export type ChannelChoice =
  | { kind: 'send'; channel: string; externalId: string }
  | { kind: 'skip'; reason: 'opted_out' | 'no_channel' | 'all_channels_failed' };

// Channels addressed by phone number: they reach anyone whose phone we know, even someone who never wrote to us.
const PHONE_CHANNELS: ReadonlySet<string> = new Set(['sms', 'zns']);

/**
 * The first channel in the policy order that can still reach the person: an identity there that has not opted out
 * (SMS and ZNS also reach anyone whose phone we know) and a route can take, skipping channels already tried for this
 * delivery.
 */
export function chooseChannel(
  person: Reachability,
  policy: readonly string[],
  tried: readonly string[],
  routable: (channel: string, externalId: string) => boolean = () => true,
): ChannelChoice {
  let optedOut = false;
  for (const channel of policy) {
    if (tried.includes(channel)) continue;
    const identity = person.identities.find((candidate) => candidate.channel === channel);
    if (identity?.optedOut) {
      optedOut = true;
      continue;
    }
    const externalId = identity?.externalId ?? (PHONE_CHANNELS.has(channel) ? person.phone : null);
    if (externalId && routable(channel, externalId)) return { kind: 'send', channel, externalId };
  }
  if (optedOut) return { kind: 'skip', reason: 'opted_out' };
  return { kind: 'skip', reason: tried.length > 0 ? 'all_channels_failed' : 'no_channel' };
}
