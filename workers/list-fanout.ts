import { advanceListCursor, planListRange } from '../core/db/fanout-repository.js';
import type { Campaign } from '../core/db/schema.js';
import { type DispatchDeps, enqueueByRoute, planMessages } from './campaign-dispatch.js';
import { ListRanges } from './list-ranges.js';

export interface ListFanoutOptions {
  pageSize: number;
  /** Pages planned side by side. */
  lanes: number;
  /** Asked before each page: false (paused, cancelled) stops every lane after the page it is planning. */
  running(): Promise<boolean>;
  /** Called after each page has committed. */
  afterPage(): Promise<void>;
}

/**
 * Plans an uploaded list's pages `lanes` at a time, each lane taking the next page as soon as its own is committed
 * and enqueued (pages planned in rounds left a core idle while a round's slowest page finished and while its sends
 * were enqueued). Returns when the list is planned or the campaign stopped running; a lane's failure stops the
 * others at their page and is thrown once they have finished it.
 */
export async function fanOutList(deps: DispatchDeps, campaign: Campaign, options: ListFanoutOptions): Promise<void> {
  const { pageSize } = options;
  const ranges = new ListRanges(Number(campaign.fanoutCursor ?? 0), pageSize);
  let failed = false;
  const lane = async () => {
    while (!failed && (await options.running())) {
      const after = ranges.take();
      if (after === undefined) return;
      const page = await planListRange(deps.db, campaign, after, pageSize, (current, members) =>
        planMessages(deps, current, members),
      );
      await options.afterPage();
      const move = ranges.commit(after, page.count);
      // Never moved back (a write that lost the race to a later one changes nothing), so these need no order.
      if (move) await advanceListCursor(deps.db, campaign.id, move.to, move.done);
      await enqueueByRoute(
        deps,
        campaign,
        page.queued.map(({ plan, deliveryId }) => ({ route: plan.route, deliveryId })),
      );
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: options.lanes }, () =>
      lane().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
