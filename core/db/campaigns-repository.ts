import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type AreaScope, campaignInScope } from './area-scope.js';
import type { Database } from './database.js';
import { jsonRecords } from './json-rows.js';
import { rawRows } from './raw-rows.js';
import {
  type Campaign,
  campaignProgressCounts,
  campaignRecipientChunks,
  campaigns,
  RECIPIENT_CHUNK_ROWS,
} from './schema.js';

type CampaignStatus = Campaign['status'];
export type NewCampaign = Omit<typeof campaigns.$inferInsert, 'id' | 'status' | 'createdAt' | 'updatedAt'>;

/** Stores a campaign and its uploaded recipients in one transaction. */
export async function createCampaign(
  db: Database,
  input: NewCampaign,
  recipients: readonly { phone: string; params?: Record<string, string> }[],
): Promise<Campaign> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(campaigns)
      .values({ ...input, status: input.requiresApproval ? 'pending_approval' : 'scheduled' })
      .returning();
    if (!campaign) throw new Error('insert into campaigns returned no row');
    // Ten chunks a statement, as one JSON parameter: a million-phone list is 50 statements of about 800 kB.
    const chunks: { firstRow: number; recipients: typeof recipients }[] = [];
    for (let offset = 0; offset < recipients.length; offset += RECIPIENT_CHUNK_ROWS) {
      chunks.push({ firstRow: offset + 1, recipients: recipients.slice(offset, offset + RECIPIENT_CHUNK_ROWS) });
    }
    for (let offset = 0; offset < chunks.length; offset += 10) {
      await tx.execute(
        sql`insert into ${campaignRecipientChunks} (campaign_id, first_row, recipients)
            select ${campaign.id}::uuid, v."firstRow", v.recipients
            from ${jsonRecords(chunks.slice(offset, offset + 10), sql`"firstRow" int, recipients jsonb`)}`,
      );
    }
    return campaign;
  });
}

/** The campaign with this id, if any (and if the scope may see it: see campaignInScope). */
export async function findCampaign(db: Database, id: string, scope?: AreaScope): Promise<Campaign | undefined> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), campaignInScope(scope)));
  return row;
}

/** The newest campaigns the scope may see. */
export async function listCampaigns(db: Database, scope: AreaScope, limit: number): Promise<Campaign[]> {
  return db.select().from(campaigns).where(campaignInScope(scope)).orderBy(desc(campaigns.createdAt)).limit(limit);
}

/** Moves a campaign from one of `from` to `to`; undefined when it was in none of them (the caller answers 409). */
export async function transitionCampaign(
  db: Database,
  id: string,
  from: readonly CampaignStatus[],
  to: CampaignStatus,
  extra: Partial<Pick<Campaign, 'approvedBy' | 'startedAt' | 'finishedAt'>> = {},
): Promise<Campaign | undefined> {
  const [row] = await db
    .update(campaigns)
    .set({ status: to, ...extra, updatedAt: sql`now()` })
    .where(and(eq(campaigns.id, id), inArray(campaigns.status, [...from])))
    .returning();
  return row;
}

export interface CampaignProgress {
  total: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
}

// Ledger rows a campaign may gather before a reader folds them into one per (status, channel).
const FOLD_AFTER_ROWS = 500;

/**
 * Counts of deliveries by status (a sent delivery reads "delivered" once its receipt came) and by channel, summed from
 * the campaign's ledger (see campaignProgressCounts), which a reader folds when it has grown long.
 */
export async function campaignProgress(db: Database, campaignId: string): Promise<CampaignProgress> {
  const rows = await rawRows<{ status: string; channel: string; n: number; rows: number }>(
    db,
    sql`select status, channel, sum(n)::int as n, count(*)::int as rows from ${campaignProgressCounts}
        where campaign_id = ${campaignId} group by status, channel`,
  );
  if (rows.reduce((sum, row) => sum + row.rows, 0) > FOLD_AFTER_ROWS) await foldProgress(db, campaignId);
  const progress: CampaignProgress = { total: 0, byStatus: {}, byChannel: {} };
  const add = (counts: Record<string, number>, key: string, n: number) => {
    counts[key] = (counts[key] ?? 0) + n;
  };
  for (const { status, channel, n } of rows) {
    if (n === 0) continue;
    if (status === 'delivered') {
      // A receipt reclassifies a sent delivery; it is not a delivery of its own.
      add(progress.byStatus, 'delivered', n);
      add(progress.byStatus, 'sent', -n);
      continue;
    }
    progress.total += n;
    add(progress.byStatus, status, n);
    add(progress.byChannel, channel === '' ? 'none' : channel, n);
  }
  for (const [status, n] of Object.entries(progress.byStatus)) {
    // A receipt that came before its send was recorded (the one-message path) counts as sent only once that lands.
    if (n <= 0) delete progress.byStatus[status];
  }
  return progress;
}

/**
 * Folds a campaign's ledger into one row per (status, channel). Rows other transactions add meanwhile are not in the
 * delete's snapshot and stay as they are; a second fold at the same time waits, then finds nothing of it left.
 */
async function foldProgress(db: Database, campaignId: string): Promise<void> {
  await db.execute(
    sql`with folded as (
          delete from ${campaignProgressCounts} where campaign_id = ${campaignId} returning status, channel, n)
        insert into ${campaignProgressCounts} (campaign_id, status, channel, n)
        select ${campaignId}::uuid, status, channel, sum(n) from folded group by status, channel having sum(n) <> 0`,
  );
}

/**
 * The campaign with its progress, completed first when its fan-out is done and nothing is left pending or queued
 * (whoever looks first — the progress page, its live feed — closes it; the transition happens once).
 */
export async function settledProgress(
  db: Database,
  campaign: Campaign,
): Promise<{ campaign: Campaign; progress: CampaignProgress }> {
  const progress = await campaignProgress(db, campaign.id);
  const open = (progress.byStatus.pending ?? 0) + (progress.byStatus.queued ?? 0);
  if (campaign.status !== 'running' || !campaign.fanoutDone || open > 0) return { campaign, progress };
  const completed = await transitionCampaign(db, campaign.id, ['running'], 'completed', { finishedAt: new Date() });
  return { campaign: completed ?? campaign, progress };
}

/** The kill switch: pauses every campaign that is scheduled or running; returns how many. */
export async function pauseAllCampaigns(db: Database, scope?: AreaScope): Promise<number> {
  const rows = await db
    .update(campaigns)
    .set({ status: 'paused', updatedAt: sql`now()` })
    .where(and(inArray(campaigns.status, ['scheduled', 'running']), campaignInScope(scope)))
    .returning({ id: campaigns.id });
  return rows.length;
}
