import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.js';
import { orderedUuid } from '../core/db/ordered-id.js';
import { rawRows } from '../core/db/raw-rows.js';
import { campaignProgressCounts, campaignRecipientChunks, campaigns, deliveries, people } from '../core/db/schema.js';
import { sqlState } from '../core/db/sql-state.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { BOTH_ENGINES, createPostgresTestDatabase, suiteDatabase } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';

/** The SQLSTATE and constraint a statement failed with, or undefined when it succeeded. */
async function failure(statement: Promise<unknown>) {
  try {
    await statement;
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { constraint?: string } }).cause;
    return { state: sqlState(error), constraint: cause?.constraint ?? (error as { constraint?: string }).constraint };
  }
}

const FOREIGN_KEY = { state: '23503', constraint: 'deliveries_campaign_id_campaigns_id_fk' };

/** A person with no delivery yet, for a delivery to be stored by hand. */
async function newPerson(db: Database, phone: string): Promise<string> {
  const [person] = await db.insert(people).values({ phone }).returning({ id: people.id });
  if (!person) throw new Error('insert into people returned no row');
  return person.id;
}

// deliveries.campaign_id is a foreign key kept by triggers (migration 0019), checked once per statement rather than
// once per row: these are the foreign key's promises, kept.
describe.each(BOTH_ENGINES)('a delivery names a campaign that exists, on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('refuses a delivery for a campaign that does not exist, with the foreign key error', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630001']);
    const personId = await newPerson(db(), '+84987630002');
    const rows = [
      { campaignId: campaign.id, personId },
      { campaignId: orderedUuid(), personId },
    ];
    expect(await failure(db().insert(deliveries).values(rows))).toEqual(FOREIGN_KEY);
    // The statement stored nothing, not even its row for the campaign that exists.
    expect(await db().select().from(deliveries).where(eq(deliveries.personId, personId))).toEqual([]);
  });

  it('refuses moving a delivery to a campaign that does not exist, and allows one that does', async () => {
    const { deliveryIds } = await queuedCampaign(db(), ['+84987630011']);
    const { campaign: other } = await queuedCampaign(db(), ['+84987630012']);
    const id = deliveryIds[0] ?? '';
    const move = (campaignId: string) => db().update(deliveries).set({ campaignId }).where(eq(deliveries.id, id));
    expect(await failure(move(orderedUuid()))).toEqual(FOREIGN_KEY);
    expect(await failure(move(other.id))).toBeUndefined();
  });

  it('deletes a campaign with its deliveries and its progress ledger', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630021', '+84987630022']);
    const { campaign: kept } = await queuedCampaign(db(), ['+84987630023']);
    await db().delete(campaigns).where(eq(campaigns.id, campaign.id));
    expect(await db().select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toEqual([]);
    expect(
      await db().select().from(campaignProgressCounts).where(eq(campaignProgressCounts.campaignId, campaign.id)),
    ).toEqual([]);
    expect(await db().select().from(deliveries).where(eq(deliveries.campaignId, kept.id))).toHaveLength(1);
  });

  it('refuses changing the id of a campaign its deliveries name', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630031']);
    // Its recipient list and progress ledger would refuse first, by their own foreign keys: only deliveries left.
    await db().delete(campaignRecipientChunks).where(eq(campaignRecipientChunks.campaignId, campaign.id));
    await db().delete(campaignProgressCounts).where(eq(campaignProgressCounts.campaignId, campaign.id));
    const renumber = db().update(campaigns).set({ id: orderedUuid() }).where(eq(campaigns.id, campaign.id));
    expect(await failure(renumber)).toEqual(FOREIGN_KEY);
  });
});

describe('a campaign and the deliveries being stored for it, in two transactions at once (PostgreSQL)', () => {
  const testDb = suiteDatabase(createPostgresTestDatabase);
  const db = () => testDb().handle.db;
  /** Runs `work` in a transaction that stays open until the returned `commit` is called. */
  const openTransaction = (work: (tx: Database) => Promise<unknown>) => {
    let commit = () => {};
    const held = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let worked = () => {};
    const done = new Promise<void>((resolve) => {
      worked = resolve;
    });
    const transaction = db().transaction(async (tx) => {
      await work(tx);
      worked();
      await held;
    });
    return { done, commit, transaction };
  };
  const waitingForLock = () =>
    waitFor('a statement waiting for a row lock', async () => {
      const rows = await rawRows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return (rows[0]?.n ?? 0) > 0;
    });

  it('keeps the campaign from being deleted until the transaction storing its deliveries ends, then takes them', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630041']);
    const personId = await newPerson(db(), '+84987630042');
    const storing = openTransaction((tx) => tx.insert(deliveries).values({ campaignId: campaign.id, personId }));
    await storing.done;
    // Started now (a query builder runs when awaited): it waits for the lock the stored deliveries hold.
    const deleting = failure(db().delete(campaigns).where(eq(campaigns.id, campaign.id)));
    await waitingForLock();
    storing.commit();
    await storing.transaction;
    expect(await deleting).toBeUndefined();
    expect(await db().select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toEqual([]);
  });

  it('refuses deliveries stored while their campaign is being deleted, once the deletion commits', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630051']);
    const personId = await newPerson(db(), '+84987630052');
    const deleting = openTransaction((tx) => tx.delete(campaigns).where(eq(campaigns.id, campaign.id)));
    await deleting.done;
    const storing = failure(db().insert(deliveries).values({ campaignId: campaign.id, personId }));
    await waitingForLock();
    deleting.commit();
    await deleting.transaction;
    expect(await storing).toEqual(FOREIGN_KEY);
    expect(await db().select().from(deliveries).where(eq(deliveries.personId, personId))).toEqual([]);
  });
});
