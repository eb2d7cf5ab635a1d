/** How the channel conformance suite drives one channel through its local protocol peer. */
export interface ChannelDriver {
  readonly channel: string;
  /** Service environment that turns the channel on and points it at the peer. */
  readonly env: Record<string, string>;
  /** Tells the driver where the started service listens. */
  attach(serviceUrl: string): void;
  /** The channel's id for a test user number (chat id, Zalo user id, phone). */
  userId(n: number): string;
  /** Delivers a message from a user the way the provider does; resolves with the HTTP status (or 200 for SMPP). */
  send(user: string, text: string, providerMessageId: string): Promise<number>;
  /** Delivers a message with a forged signature/secret; resolves with the HTTP status. */
  sendForged(user: string, text: string, providerMessageId: string): Promise<number>;
  /** The texts the peer received for a user, as the provider would show them. */
  received(user: string): string[];
  close(): Promise<void>;
}
