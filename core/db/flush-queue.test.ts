import { describe, expect, it } from 'vitest';
import { FlushQueue, type QueuedWrite } from './flush-queue.js';

/** A queue whose statements the test finishes by hand, recording the writes each one carried. */
function manualQueue(lanes?: number) {
  const statements: { items: number[]; finish(error?: Error): void }[] = [];
  const queue = new FlushQueue<number, string>(
    (writes: readonly QueuedWrite<number, string>[]) =>
      new Promise<void>((resolve, reject) => {
        statements.push({
          items: writes.map((write) => write.item),
          finish(error) {
            if (error) return reject(error);
            for (const write of writes) write.settle({ result: `stored ${write.item}` });
            resolve();
          },
        });
      }),
    lanes,
  );
  return { queue, statements };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('FlushQueue', () => {
  it('runs one statement at a time, with everything that arrived while the one before ran', async () => {
    const { queue, statements } = manualQueue();
    const first = queue.add(1);
    const rest = [queue.add(2), queue.add(3), queue.add(4)];
    await turn();
    expect(statements.map((s) => s.items)).toEqual([[1]]);
    statements[0]?.finish();
    expect(await first).toBe('stored 1');
    await turn();
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3, 4]]);
    statements[1]?.finish();
    expect(await Promise.all(rest)).toEqual(['stored 2', 'stored 3', 'stored 4']);
  });

  it('rejects the writes of a statement that failed, and stores the next ones', async () => {
    const { queue, statements } = manualQueue();
    const failed = queue.add(1);
    const later = queue.add(2);
    await turn();
    statements[0]?.finish(new Error('database away'));
    await expect(failed).rejects.toThrow('database away');
    await turn();
    statements[1]?.finish();
    expect(await later).toBe('stored 2');
    // Idle again: the next write starts a statement of its own.
    const again = queue.add(3);
    await turn();
    expect(statements.map((s) => s.items)).toEqual([[1], [2], [3]]);
    statements[2]?.finish();
    expect(await again).toBe('stored 3');
  });

  it('runs as many statements at once as it has lanes, each with what arrived while all lanes were busy', async () => {
    const { queue, statements } = manualQueue(2);
    const writes = [queue.add(1), queue.add(2)];
    await turn();
    // The first write took a lane alone; the second found one free.
    expect(statements.map((s) => s.items)).toEqual([[1], [2]]);
    writes.push(queue.add(3), queue.add(4));
    await turn();
    expect(statements).toHaveLength(2);
    // The second lane commits first: the writes waiting go in its place, the first lane still running.
    statements[1]?.finish();
    await turn();
    expect(statements.map((s) => s.items)).toEqual([[1], [2], [3, 4]]);
    statements[0]?.finish(new Error('database away'));
    statements[2]?.finish();
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // Both lanes free again: the next two writes start a statement each at once.
    writes.push(queue.add(5), queue.add(6));
    await turn();
    expect(statements.slice(3).map((s) => s.items)).toEqual([[5], [6]]);
  });
});
