/** What the alerts engine knows of one person's reachability. */
export interface Reachability {
  phone: string | null;
  identities: readonly { channel: string; externalId: string; optedOut: boolean }[];
}

export type ChannelChoice =
  | { kind: 'send'; channel: string; externalId: string }
  | { kind: 'skip'; reason: 'opted_out' | 'no_channel' | 'all_channels_failed' };

/**
 * The first channel in the policy order that can still reach the person: an identity there that has not opted out
 * (SMS also reaches anyone whose phone we know), skipping channels already tried for this delivery.
 */
export function chooseChannel(
  person: Reachability,
  policy: readonly string[],
  tried: readonly string[],
): ChannelChoice {
  let optedOut = false;
  for (const channel of policy) {
    if (tried.includes(channel)) continue;
    const identity = person.identities.find((candidate) => candidate.channel === channel);
    if (identity?.optedOut) {
      optedOut = true;
      continue;
    }
    if (identity) return { kind: 'send', channel, externalId: identity.externalId };
    if (channel === 'sms' && person.phone) return { kind: 'send', channel, externalId: person.phone };
  }
  if (optedOut) return { kind: 'skip', reason: 'opted_out' };
  return { kind: 'skip', reason: tried.length > 0 ? 'all_channels_failed' : 'no_channel' };
}
