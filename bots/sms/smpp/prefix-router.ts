/** What the router needs of a gateway: its name and the national-number prefixes it serves. */
export interface RoutableGateway {
  readonly name: string;
  readonly prefixes: readonly string[];
}

const VIETNAMESE_E164 = /^\+84(\d{9})$/;

/**
 * Picks the SMPP gateway for a Vietnamese mobile number by the longest prefix of its national significant number
 * (the 9 digits after +84), so "9" can catch what "96" does not. Prefixes must be unique across gateways, as
 * parseSmppGateways guarantees.
 */
export class PrefixRouter<G extends RoutableGateway> {
  private readonly byPrefix = new Map<string, G>();
  private readonly longestPrefix: number;
  private readonly fallback: G | undefined;

  constructor(gateways: readonly G[], fallbackName?: string) {
    for (const gateway of gateways) for (const prefix of gateway.prefixes) this.byPrefix.set(prefix, gateway);
    this.longestPrefix = Math.max(0, ...[...this.byPrefix.keys()].map((prefix) => prefix.length));
    this.fallback = gateways.find((gateway) => gateway.name === fallbackName);
  }

  /**
   * The gateway for an E.164 number: the prefix match, or the fallback when that one is down (and the fallback is
   * not) or nothing matches. A down gateway without a live fallback is still returned: its submit waits for the
   * reconnect and then fails transiently, so the message is retried rather than refused. Undefined: no route at all.
   */
  route(e164: string, isDown: (gateway: G) => boolean): G | undefined {
    const national = VIETNAMESE_E164.exec(e164)?.[1];
    if (national === undefined) return undefined;
    const primary = this.match(national);
    if (primary === undefined) return this.fallback;
    const fallback = this.fallback;
    if (fallback === undefined || fallback === primary || !isDown(primary) || isDown(fallback)) return primary;
    return fallback;
  }

  private match(national: string): G | undefined {
    for (let length = Math.min(this.longestPrefix, national.length); length > 0; length -= 1) {
      const gateway = this.byPrefix.get(national.slice(0, length));
      if (gateway !== undefined) return gateway;
    }
    return undefined;
  }
}
