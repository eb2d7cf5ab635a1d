import { asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { type WardStaffSubscription, wardStaffSubscriptions } from './schema.js';

export type StaffTarget = { personId: string } | { phone: string };

/** Subscribes a health worker to a ward's alerts; subscribing again only renames them. */
export async function subscribeStaff(
  db: Database,
  input: { wardCode: string; name: string } & StaffTarget,
): Promise<WardStaffSubscription> {
  const target = 'personId' in input ? wardStaffSubscriptions.personId : wardStaffSubscriptions.phone;
  const [row] = await db
    .insert(wardStaffSubscriptions)
    .values(input)
    .onConflictDoUpdate({ target: [wardStaffSubscriptions.wardCode, target], set: { name: input.name } })
    .returning();
  if (!row) throw new Error('upsert into ward_staff_subscriptions returned no row');
  return row;
}

/** Every subscription, or a ward's. */
export async function listStaffSubscriptions(db: Database, wardCode?: string): Promise<WardStaffSubscription[]> {
  return db
    .select()
    .from(wardStaffSubscriptions)
    .where(wardCode ? eq(wardStaffSubscriptions.wardCode, wardCode) : undefined)
    .orderBy(asc(wardStaffSubscriptions.wardCode), asc(wardStaffSubscriptions.createdAt));
}

/** Removes a subscription; false when there was none with this id. */
export async function unsubscribeStaff(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .delete(wardStaffSubscriptions)
    .where(eq(wardStaffSubscriptions.id, id))
    .returning({ id: wardStaffSubscriptions.id });
  return rows.length > 0;
}

/** Where a subscription's notices go, in the shape the notice sender takes. */
export function staffTarget(subscription: WardStaffSubscription): StaffTarget {
  if (subscription.personId) return { personId: subscription.personId };
  if (subscription.phone) return { phone: subscription.phone };
  throw new Error(`subscription ${subscription.id} has neither person nor phone`);
}
