/**
 * A counting semaphore: at most `size` holders at once, the rest wait in order. The outbound worker holds one per
 * message from the moment it is handed to the channel until its send is stored, so what a killed process may have
 * sent without recording it — and a restart sends again — is never more than `size`.
 */
export class InFlightLimit {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `held` stays the same.
    if (next) next();
    else this.held -= 1;
  }
}
