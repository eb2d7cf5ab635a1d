import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { AudienceMember } from '../core/db/campaign-reach.js';
import { createCampaign, findCampaign } from '../core/db/campaigns-repository.js';
import type { Database } from '../core/db/database.js';
import { type MemberPlan, planFanoutPage } from '../core/db/fanout-repository.js';
import { campaigns, channelIdentities, deliveries, people } from '../core/db/schema.js';
import { BOTH_ENGINES, createPostgresTestDatabase, suiteDatabase } from './support/test-database.js';
import { UUID_V7 } from './support/uuid-v7.js';

const smsPlan = (_campaign: unknown, members: readonly AudienceMember[]): MemberPlan[] =>
  members.map((member) => ({ kind: 'send', channel: 'sms', externalId: member.reach.phone ?? '' }));

async function phoneCampaign(db: Database, phones: readonly string[]) {
  return createCampaign(
    db,
    {
      kind: 'exposure',
      title: 'fan-out page',
      message: { text: { vi: 'Canh bao' } },
      audience: { type: 'phones' },
      channelPolicy: ['sms'],
      createdBy: 'test',
    },
    phones.map((phone) => ({ phone, params: { ten: phone.slice(-2) } })),
  );
}

async function planAll(db: Database, campaignId: string, pageSize: number, plan = smsPlan) {
  const queued: string[] = [];
  for (let pages = 1; ; pages++) {
    const page = await planFanoutPage(db, campaignId, pageSize, plan);
    queued.push(...page.queued.map((entry) => entry.deliveryId));
    if (page.done) return { queued, pages };
  }
}

describe.each(BOTH_ENGINES)('fan-out pages on $engine', ({ create }) => {
  const testDb = suiteDatabase(create);
  const db = () => testDb().handle.db;

  it('plans each person once across pages, born queued with their SMS identity, language and own values', async () => {
    const series = '+8498756000';
    const phones = [`${series}1`, `${series}2`, `${series}1`, `${series}3`, `${series}4`];
    const campaign = await phoneCampaign(db(), phones);
    const { queued, pages } = await planAll(db(), campaign.id, 2, smsPlan);
    expect(pages).toBe(3);
    const rows = await db()
      .select({ delivery: deliveries, phone: people.phone })
      .from(deliveries)
      .innerJoin(people, eq(people.id, deliveries.personId))
      .where(eq(deliveries.campaignId, campaign.id));
    // The phone listed twice is one person: one delivery.
    expect(rows.map((row) => row.phone).sort()).toEqual([`${series}1`, `${series}2`, `${series}3`, `${series}4`]);
    expect(queued.sort()).toEqual(rows.map((row) => row.delivery.id).sort());
    for (const { delivery, phone } of rows) {
      // No message yet: it is worded and stored when it is sent.
      expect(delivery).toMatchObject({
        status: 'queued',
        channel: 'sms',
        triedChannels: ['sms'],
        locale: 'vi',
        messageId: null,
      });
      expect(delivery.params).toEqual({ ten: phone?.slice(-2) });
      const [identity] = await db()
        .select()
        .from(channelIdentities)
        .where(eq(channelIdentities.id, delivery.identityId ?? ''));
      expect(identity).toMatchObject({ channel: 'sms', externalId: phone, personId: delivery.personId });
      // Made by the million, so time-ordered ids (index appends), whether made in Node or in SQL.
      for (const id of [delivery.id, delivery.personId, identity?.id]) expect(id).toMatch(UUID_V7);
    }
    expect(await findCampaign(db(), campaign.id)).toMatchObject({ fanoutDone: true, fanoutCursor: '6' });
    expect(await planFanoutPage(db(), campaign.id, 2, smsPlan)).toEqual({ done: true, queued: [] });
  });

  it('adds nothing when a page is planned again (a second worker, a lost cursor)', async () => {
    const campaign = await phoneCampaign(db(), ['+84987510001', '+84987510002']);
    const first = await planAll(db(), campaign.id, 10);
    expect(first.queued).toHaveLength(2);
    await db().update(campaigns).set({ fanoutCursor: null, fanoutDone: false }).where(eq(campaigns.id, campaign.id));
    const again = await planAll(db(), campaign.id, 10);
    expect(again.queued).toEqual([]);
    expect(await db().select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toHaveLength(2);
  });

  it('skips with the plan’s reason, and whoever holds the number opted out whatever record the list names', async () => {
    // The number's SMS identity belongs to an older record that opted out; the list's phone makes a new person.
    const [holder] = await db().insert(people).values({}).returning();
    if (!holder) throw new Error('no person');
    await db()
      .insert(channelIdentities)
      .values({ personId: holder.id, channel: 'sms', externalId: '+84987520001', optedOut: true });
    const campaign = await phoneCampaign(db(), ['+84987520001', '+84987520002', '+84987520003']);
    const plan = (_campaign: unknown, members: readonly AudienceMember[]): MemberPlan[] =>
      members.map((member) =>
        member.reach.phone === '+84987520003'
          ? { kind: 'skip', reason: 'no_channel' }
          : { kind: 'send', channel: 'sms', externalId: member.reach.phone ?? '' },
      );
    const { queued } = await planAll(db(), campaign.id, 10, plan);
    expect(queued).toHaveLength(1);
    const rows = await db()
      .select({
        status: deliveries.status,
        reason: deliveries.reason,
        id: deliveries.id,
        phone: people.phone,
      })
      .from(deliveries)
      .innerJoin(people, eq(people.id, deliveries.personId))
      .where(eq(deliveries.campaignId, campaign.id));
    expect(rows.sort((a, b) => String(a.phone).localeCompare(String(b.phone)))).toEqual([
      { status: 'skipped', reason: 'opted_out', id: expect.any(String), phone: '+84987520001' },
      { status: 'queued', reason: null, id: queued[0], phone: '+84987520002' },
      { status: 'skipped', reason: 'no_channel', id: expect.any(String), phone: '+84987520003' },
    ]);
  });
});

describe('fan-out pages racing another transaction on PostgreSQL', () => {
  const testDb = suiteDatabase(createPostgresTestDatabase);

  it('stores the delivery of a phone whose SMS identity another transaction made while the page was planned', async () => {
    const db = testDb().handle.db;
    const phone = '+84987530001';
    const campaign = await phoneCampaign(db, [phone, '+84987530002']);
    // Another conversation makes the number's identity and commits only after the page's statement has begun: the
    // statement neither makes it (conflict) nor sees it (its snapshot is older).
    const other = new pg.Client({ connectionString: testDb().url });
    await other.connect();
    try {
      await other.query('begin');
      const [holder] = await db.insert(people).values({}).returning();
      const made = await other.query<{ id: string }>(
        `insert into channel_identities (id, person_id, channel, external_id) values (gen_random_uuid(), $1, 'sms', $2)
         returning id`,
        [holder?.id, phone],
      );
      const planning = planAll(db, campaign.id, 10);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('commit');
      const { queued } = await planning;
      expect(queued).toHaveLength(2);
      const [delivery] = await db
        .select()
        .from(deliveries)
        .innerJoin(people, eq(people.id, deliveries.personId))
        .where(eq(people.phone, phone));
      expect(delivery?.deliveries).toMatchObject({ status: 'queued', identityId: made.rows[0]?.id });
      expect(await findCampaign(db, campaign.id)).toMatchObject({ fanoutDone: true });
    } finally {
      await other.end();
    }
  });

  it('plans the person another transaction made with a listed phone while the page was planned', async () => {
    const db = testDb().handle.db;
    const phone = '+84987540001';
    const campaign = await phoneCampaign(db, [phone, '+84987540002']);
    // Another page (or a citizen's first text) makes the person and commits only after the page's insert began: the
    // insert waits for it and finds the phone taken, so the page must read that person back.
    const other = new pg.Client({ connectionString: testDb().url });
    await other.connect();
    try {
      await other.query('begin');
      const made = await other.query<{ id: string }>(
        `insert into people (id, phone, locale) values (gen_random_uuid(), $1, 'en') returning id`,
        [phone],
      );
      const planning = planAll(db, campaign.id, 10);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('commit');
      const { queued } = await planning;
      expect(queued).toHaveLength(2);
      const [delivery] = await db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.campaignId, campaign.id), eq(deliveries.personId, made.rows[0]?.id ?? '')));
      // Their record, their language.
      expect(delivery).toMatchObject({ status: 'queued', channel: 'sms', locale: 'en' });
    } finally {
      await other.end();
    }
  });
});
