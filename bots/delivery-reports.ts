import type { DeliveryUpdate } from '../core/channels/contract.js';
import type { Database } from '../core/db/database.js';
import { FlushQueue } from '../core/db/flush-queue.js';
import { applyDeliveryReports } from '../core/db/messages-repository.js';

/**
 * Applies delivery reports as they come in, from every channel of a process at once: those that arrive while a
 * statement runs go together in the next. Each caller learns whether its report matched a message once it is stored
 * (a webhook answers its provider only then); a failed statement rejects every report it carried.
 */
export function deliveryReportApplier(db: Database): (update: DeliveryUpdate) => Promise<boolean> {
  const queue = new FlushQueue<DeliveryUpdate, boolean>(async (writes) => {
    const matched = await applyDeliveryReports(
      db,
      writes.map((write) => write.item),
    );
    for (const [index, write] of writes.entries()) write.settle({ result: matched[index] === true });
  });
  return (update) => queue.add(update);
}
