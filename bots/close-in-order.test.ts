import { describe, expect, it } from 'vitest';
import { closeInOrder } from './close-in-order.js';

const quietLogger = () => {
  const errors: string[] = [];
  return { errors, logger: { error: (_fields: object, message: string) => void errors.push(message) } };
};

describe('closeInOrder', () => {
  it('closes every step in order, and a failing one does not stop the rest', async () => {
    const closed: string[] = [];
    const { errors, logger } = quietLogger();
    const leftBehind = await closeInOrder(
      [
        { name: 'http', close: async () => void closed.push('http') },
        {
          name: 'queues',
          close: async () => {
            throw new Error('refused');
          },
        },
        { name: 'database', close: async () => void closed.push('database') },
      ],
      1_000,
      logger,
    );
    expect(closed).toEqual(['http', 'database']);
    expect(leftBehind).toEqual([]);
    expect(errors).toEqual(['closing queues failed']);
  });

  it('leaves behind a step that outlives the grace, and still closes the ones after it', async () => {
    const closed: string[] = [];
    const { errors, logger } = quietLogger();
    const never = new Promise<void>(() => undefined);
    const leftBehind = await closeInOrder(
      [
        { name: 'workers', close: () => never },
        { name: 'queues', close: () => never },
        { name: 'database', close: async () => void closed.push('database') },
      ],
      50,
      logger,
      20,
    );
    expect(leftBehind).toEqual(['workers', 'queues']);
    expect(closed).toEqual(['database']);
    expect(errors).toEqual([
      "workers still closing when the stop's time was up: left behind",
      "queues still closing when the stop's time was up: left behind",
    ]);
  });
});
