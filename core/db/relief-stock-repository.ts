import { and, eq, gte, sql } from 'drizzle-orm';
import { RELIEF_ACTIONS } from '../domain/relief-workflow.js';
import type { Database } from './database.js';
import {
  type ReliefDepot,
  type ReliefItem,
  type ReliefRequest,
  reliefDepots,
  reliefIssues,
  reliefReceipts,
  reliefRequests,
  reliefStock,
} from './schema.js';

/** Opens a depot in a ward. */
export async function createDepot(db: Database, wardCode: string, name: string): Promise<ReliefDepot> {
  const [row] = await db.insert(reliefDepots).values({ wardCode, name }).returning();
  if (!row) throw new Error('insert into relief_depots returned no row');
  return row;
}

/** A depot of this ward (another ward's depot is not found). */
export async function findDepot(db: Database, wardCode: string, id: string): Promise<ReliefDepot | undefined> {
  const [row] = await db
    .select()
    .from(reliefDepots)
    .where(and(eq(reliefDepots.id, id), eq(reliefDepots.wardCode, wardCode)));
  return row;
}

/** The ward's depots with what each holds. */
export async function listDepotsWithStock(db: Database, wardCode: string) {
  const depots = await db.select().from(reliefDepots).where(eq(reliefDepots.wardCode, wardCode));
  const stock = await db
    .select({ depotId: reliefStock.depotId, item: reliefStock.item, quantity: reliefStock.quantity })
    .from(reliefStock)
    .innerJoin(reliefDepots, eq(reliefDepots.id, reliefStock.depotId))
    .where(eq(reliefDepots.wardCode, wardCode));
  return depots.map((depot) => ({
    ...depot,
    stock: Object.fromEntries(stock.filter((s) => s.depotId === depot.id).map((s) => [s.item, s.quantity])),
  }));
}

/** Records a donation and adds it to the depot's stock, both or neither. Returns the new quantity. */
export async function receiveDonation(
  db: Database,
  receipt: { depotId: string; donor: string; item: ReliefItem; quantity: number; receivedBy: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(reliefReceipts).values(receipt);
    const [row] = await tx
      .insert(reliefStock)
      .values({ depotId: receipt.depotId, item: receipt.item, quantity: receipt.quantity })
      .onConflictDoUpdate({
        target: [reliefStock.depotId, reliefStock.item],
        set: { quantity: sql`${reliefStock.quantity} + ${receipt.quantity}`, updatedAt: sql`now()` },
      })
      .returning({ quantity: reliefStock.quantity });
    if (!row) throw new Error('upsert into relief_stock returned no row');
    return row.quantity;
  });
}

export type DeliveryOutcome =
  | { ok: true; request: ReliefRequest }
  | { ok: false; reason: 'wrong_state' }
  | { ok: false; reason: 'insufficient_stock'; item: ReliefItem };

class InsufficientStock extends Error {
  constructor(readonly item: ReliefItem) {
    super(`not enough ${item} in stock`);
  }
}

/**
 * Marks an approved request delivered and issues its goods from one depot, in one transaction. Each item is taken
 * with a conditional UPDATE (quantity >= wanted), which row-locks the stock row: concurrent deliveries queue on it and
 * the stock can never go negative; one short item rolls back the whole delivery.
 */
export async function deliverReliefRequest(
  db: Database,
  delivery: {
    requestId: string;
    depotId: string;
    deliveredBy: string;
    items: readonly { item: ReliefItem; quantity: number }[];
  },
): Promise<DeliveryOutcome> {
  try {
    return await db.transaction(async (tx): Promise<DeliveryOutcome> => {
      const rule = RELIEF_ACTIONS.deliver;
      const [request] = await tx
        .update(reliefRequests)
        .set({ status: rule.to, deliveredBy: delivery.deliveredBy, deliveredAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(reliefRequests.id, delivery.requestId), eq(reliefRequests.status, rule.from[0])))
        .returning();
      if (!request) return { ok: false, reason: 'wrong_state' };
      for (const { item, quantity } of delivery.items) {
        const [taken] = await tx
          .update(reliefStock)
          .set({ quantity: sql`${reliefStock.quantity} - ${quantity}`, updatedAt: sql`now()` })
          .where(
            and(
              eq(reliefStock.depotId, delivery.depotId),
              eq(reliefStock.item, item),
              gte(reliefStock.quantity, quantity),
            ),
          )
          .returning({ quantity: reliefStock.quantity });
        if (!taken) throw new InsufficientStock(item);
        await tx.insert(reliefIssues).values({ requestId: request.id, depotId: delivery.depotId, item, quantity });
      }
      return { ok: true, request };
    });
  } catch (error) {
    if (error instanceof InsufficientStock) return { ok: false, reason: 'insufficient_stock', item: error.item };
    throw error;
  }
}
