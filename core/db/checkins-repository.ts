import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { randomReceiptCode } from '../domain/venue-codes.js';
import type { Database } from './database.js';
import { type Checkin, checkins } from './schema.js';

/** A second scan of the same venue within this window returns the first receipt instead of a new check-in. */
const REPEAT_SCAN_WINDOW_MS = 10 * 60_000;

export interface CheckinResult {
  checkin: Checkin;
  /** True when this was a repeat scan answered with the earlier receipt. */
  repeated: boolean;
}

/**
 * Checks a person in at a venue, or returns their check-in there from the last 10 minutes. Turns of one person run
 * one at a time (the identity row is locked), so two quick scans cannot both insert.
 */
export async function checkIn(
  db: Database,
  input: { venueId: string; personId: string; channel: string; now: Date; dwellMinutes: number },
): Promise<CheckinResult> {
  const [recent] = await db
    .select()
    .from(checkins)
    .where(
      and(
        eq(checkins.personId, input.personId),
        eq(checkins.venueId, input.venueId),
        gt(checkins.checkedInAt, new Date(input.now.getTime() - REPEAT_SCAN_WINDOW_MS)),
      ),
    )
    .orderBy(desc(checkins.checkedInAt))
    .limit(1);
  if (recent) return { checkin: recent, repeated: true };
  const [checkin] = await db
    .insert(checkins)
    .values({
      venueId: input.venueId,
      personId: input.personId,
      channel: input.channel,
      checkedInAt: input.now,
      endsAt: new Date(input.now.getTime() + input.dwellMinutes * 60_000),
      receiptCode: randomReceiptCode(),
    })
    .returning();
  if (!checkin) throw new Error('insert into checkins returned no row');
  return { checkin, repeated: false };
}

/** Ends the person's latest stay that is still running; undefined when none is. */
export async function checkOut(db: Database, personId: string, now: Date): Promise<Checkin | undefined> {
  const [open] = await db
    .select()
    .from(checkins)
    .where(
      and(
        eq(checkins.personId, personId),
        isNull(checkins.checkedOutAt),
        gt(checkins.endsAt, now),
        // A stay lasts at most 24 hours, which also keeps this look-up to the newest partitions.
        gt(checkins.checkedInAt, new Date(now.getTime() - 24 * 3600_000)),
      ),
    )
    .orderBy(desc(checkins.checkedInAt))
    .limit(1);
  if (!open) return undefined;
  const [closed] = await db
    .update(checkins)
    .set({ checkedOutAt: now, endsAt: sql`greatest(${checkins.checkedInAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(checkins.id, open.id), eq(checkins.checkedInAt, open.checkedInAt)))
    .returning();
  return closed;
}
