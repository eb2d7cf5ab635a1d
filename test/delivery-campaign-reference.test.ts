import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderedUuid } from '../core/db/ordered-id.js';
import { campaignProgressCounts, campaignRecipientChunks, campaigns, deliveries } from '../core/db/schema.js';
import { queuedCampaign } from './support/queued-campaign.js';
import { failure, foreignKey, newPerson, openTransaction, waitingForLock } from './support/references.js';
import { BOTH_ENGINES, createPostgresTestDatabase, suiteDatabase } from './support/test-database.js';

const FOREIGN_KEY = foreignKey('deliveries_campaign_id_campaigns_id_fk');

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
  it('keeps the campaign from being deleted until the transaction storing its deliveries ends, then takes them', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630041']);
    const personId = await newPerson(db(), '+84987630042');
    const storing = openTransaction(db(), (tx) => tx.insert(deliveries).values({ campaignId: campaign.id, personId }));
    await storing.done;
    // Started now (a query builder runs when awaited): it waits for the lock the stored deliveries hold.
    const deleting = failure(db().delete(campaigns).where(eq(campaigns.id, campaign.id)));
    await waitingForLock(db());
    storing.commit();
    await storing.transaction;
    expect(await deleting).toBeUndefined();
    expect(await db().select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toEqual([]);
  });

  it('refuses deliveries stored while their campaign is being deleted, once the deletion commits', async () => {
    const { campaign } = await queuedCampaign(db(), ['+84987630051']);
    const personId = await newPerson(db(), '+84987630052');
    const deleting = openTransaction(db(), (tx) => tx.delete(campaigns).where(eq(campaigns.id, campaign.id)));
    await deleting.done;
    const storing = failure(db().insert(deliveries).values({ campaignId: campaign.id, personId }));
    await waitingForLock(db());
    deleting.commit();
    await deleting.transaction;
    expect(await storing).toEqual(FOREIGN_KEY);
    expect(await db().select().from(deliveries).where(eq(deliveries.personId, personId))).toEqual([]);
  });
});
