import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type AreaScope, campaignInScope } from './area-scope.js';
import type { Database } from './database.js';
import { jsonRecords } from './json-rows.js';
import {
  type Campaign,
  campaignRecipientChunks,
  campaigns,
  deliveries,
  messages,
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

/** Counts of deliveries by status (a sent delivery reads "delivered" once its receipt came) and by channel. */
export async function campaignProgress(db: Database, campaignId: string): Promise<CampaignProgress> {
  const status = sql<string>`case when ${messages.status} = 'delivered' then 'delivered' else ${deliveries.status} end`;
  const rows = await db
    .select({ status, channel: deliveries.channel, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .leftJoin(messages, eq(messages.id, deliveries.messageId))
    .where(eq(deliveries.campaignId, campaignId))
    .groupBy(status, deliveries.channel);
  const progress: CampaignProgress = { total: 0, byStatus: {}, byChannel: {} };
  for (const row of rows) {
    progress.total += row.n;
    progress.byStatus[row.status] = (progress.byStatus[row.status] ?? 0) + row.n;
    const channel = row.channel ?? 'none';
    progress.byChannel[channel] = (progress.byChannel[channel] ?? 0) + row.n;
  }
  return progress;
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
