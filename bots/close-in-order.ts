/** One part of the service to close on the way out, named for the log. */
export interface CloseStep {
  name: string;
  close(): Promise<unknown>;
}

/**
 * Closes `steps` one after another, each given until `graceMs` after the first began, and at least `floorMs` once
 * that time is up. A step still running then is left behind, logged, and the next one starts: a Redis gone away held
 * BullMQ's close waiting for a reconnection that never came, so SIGTERM never ended the process and the steps after
 * it (the database, which flushes the embedded PGlite) never ran. Resolves with the names of the steps left behind.
 */
export async function closeInOrder(
  steps: readonly CloseStep[],
  graceMs: number,
  logger: { error(fields: object, message: string): void },
  floorMs = 1_000,
): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  const leftBehind: string[] = [];
  for (const step of steps) {
    let timer: NodeJS.Timeout | undefined;
    const closed = Promise.resolve()
      .then(() => step.close())
      .then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error, step: step.name }, `closing ${step.name} failed`);
          return true;
        },
      );
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(deadline - Date.now(), floorMs));
    });
    const finished = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (!finished) {
      leftBehind.push(step.name);
      logger.error({ step: step.name, graceMs }, `${step.name} still closing when the stop's time was up: left behind`);
    }
  }
  return leftBehind;
}
