// One schema file on purpose: drizzle-kit cannot follow NodeNext `.js` imports between schema files.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // E.164; unique when known, so one person is never split across two records by phone. Collated "C" (migration
    // 0023, which drizzle cannot declare), as are identities' channel and address and messages' channel and provider
    // id: identifiers compare as bytes, not by the database's language rules.
    phone: text('phone').unique(),
    fullName: text('full_name'),
    birthYear: smallint('birth_year'),
    locale: text('locale').notNull().default('vi'),
    wardCode: text('ward_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('people_locale_check', sql`${t.locale} in ('vi', 'en')`),
    check('people_birth_year_check', sql`${t.birthYear} between 1900 and 2100`),
  ],
);

export const channelIdentities = pgTable(
  'channel_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // A foreign key in all but name (ON DELETE CASCADE), kept by triggers (migration 0021): checked once per statement,
    // without the row lock a foreign key takes on every row it names (a blast names a million).
    personId: uuid('person_id').notNull(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    optedOut: boolean('opted_out').notNull().default(false),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('channel_identities_channel_external_id_key').on(t.channel, t.externalId),
    index('channel_identities_person_id_idx').on(t.personId),
  ],
);

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
/** inbound: received → processed | failed; outbound: queued → sent → delivered | failed | skipped. */
export const MESSAGE_STATUSES = ['received', 'processed', 'queued', 'sent', 'delivered', 'failed', 'skipped'] as const;

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull(),
    channel: text('channel').notNull(),
    // A foreign key in all but name (ON DELETE CASCADE), kept by triggers (migration 0021): checked once per statement,
    // without the row lock a foreign key takes on every row it names (a blast names a million).
    identityId: uuid('identity_id').notNull(),
    providerMessageId: text('provider_message_id'),
    replyToId: uuid('reply_to_id').references((): AnyPgColumn => messages.id, { onDelete: 'cascade' }),
    // Position of a reply within its turn, so replies are read back in the order the bot said them.
    sequence: integer('sequence').notNull().default(0),
    text: text('text').notNull(),
    // Channel-neutral extras of a reply (choices, image) or raw provider fields of an inbound message.
    payload: jsonb('payload'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    error: text('error'),
    segments: integer('segments'),
    // The caller's key of a notice sent outside a turn (a reminder job): a retried job finds its first copy.
    noticeKey: text('notice_key'),
    // The campaign delivery this message was sent for: its campaign's rules and fall-through find it by this.
    deliveryId: uuid('delivery_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    // Partial: most rows have no provider id yet (queued), no notice key and no reply-to, and a blast writes them by
    // the million; entries for those nulls were a third of a campaign message's index writes, all at one leaf.
    uniqueIndex('messages_channel_provider_message_id_key')
      .on(t.channel, t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    uniqueIndex('messages_notice_key').on(t.noticeKey).where(sql`${t.noticeKey} is not null`),
    index('messages_identity_created_idx').on(t.identityId, t.createdAt),
    index('messages_reply_to_idx').on(t.replyToId).where(sql`${t.replyToId} is not null`),
    check('messages_direction_check', sql`${t.direction} in ('inbound', 'outbound')`),
    check(
      'messages_status_check',
      sql`${t.status} in ('received', 'processed', 'queued', 'sent', 'delivered', 'failed', 'skipped')`,
    ),
  ],
);

export const botState = pgTable('bot_state', {
  key: text('key').primaryKey(),
  data: jsonb('data').notNull(),
  // Monotonic version used as the botbuilder eTag: a write must name the version it read.
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: updatedAt(),
});

export type Person = typeof people.$inferSelect;
export type ChannelIdentity = typeof channelIdentities.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Provider credentials that rotate (Zalo's refresh token works once): one row per provider, versioned. */
export const providerTokens = pgTable('provider_tokens', {
  provider: text('provider').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
  updatedAt: updatedAt(),
});

export type ProviderToken = typeof providerTokens.$inferSelect;

export const CAMPAIGN_KINDS = ['exposure', 'area', 'reminder', 'information', 'results'] as const;
/** pending_approval → scheduled → running ⇄ paused → completed | cancelled. */
export const CAMPAIGN_STATUSES = [
  'pending_approval',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const;

/** A mass alert, reminder or information message to an audience, sent once per person. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: CAMPAIGN_KINDS }).notNull(),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull(),
    title: text('title').notNull(),
    // { text: { vi, en } } or { key, params }: rendered per person in their language, with their own parameters.
    message: jsonb('message').notNull(),
    // { type: 'phones' } (rows in campaign_recipient_chunks), { type: 'wards', wards: [...] } or { type: 'everyone' }.
    audience: jsonb('audience').notNull(),
    channelPolicy: text('channel_policy').array().notNull(),
    urgent: boolean('urgent').notNull().default(false),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    createdBy: text('created_by').notNull(),
    approvedBy: text('approved_by'),
    // Null: as soon as approved (or at once); a time: not before it.
    sendAfter: timestamp('send_after', { withTimezone: true }),
    // Fan-out progress, so a crashed fan-out resumes where it stopped: a keyset audience's cursor is committed with
    // each page; an uploaded list's is the row up to which every page has committed. How many were planned is the
    // progress ledger's sum (campaign_progress_counts).
    fanoutCursor: text('fanout_cursor'),
    fanoutDone: boolean('fanout_done').notNull().default(false),
    // The wards the audience lies in, which decides who among the staff sees the campaign; null for an audience
    // bound to no area (everyone, an admin's phone list): admins only.
    wardCodes: text('ward_codes').array(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    check('campaigns_kind_check', sql`${t.kind} in ('exposure', 'area', 'reminder', 'information', 'results')`),
    check(
      'campaigns_status_check',
      sql`${t.status} in ('pending_approval', 'scheduled', 'running', 'paused', 'completed', 'cancelled')`,
    ),
    check('campaigns_approver_check', sql`${t.approvedBy} is null or ${t.approvedBy} <> ${t.createdBy}`),
  ],
);

/**
 * Rows of an uploaded audience per chunk: every chunk but a campaign's last holds exactly this many, rows
 * `firstRow` to `firstRow + RECIPIENT_CHUNK_ROWS - 1`; readers rely on no chunk holding more.
 */
export const RECIPIENT_CHUNK_ROWS = 2000;

/**
 * An uploaded audience, one row per chunk of RECIPIENT_CHUNK_ROWS phones (a JSON array of `{ phone, params }`, each
 * with that person's own parameters: name, result, date). A row per phone cost a foreign-key check each, and storing a
 * million-phone list took 4 s of the 7 s the API needed to accept it; chunks take a tenth of that.
 */
export const campaignRecipientChunks = pgTable(
  'campaign_recipient_chunks',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    firstRow: integer('first_row').notNull(),
    recipients: jsonb('recipients').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.firstRow] })],
);

export const DELIVERY_STATUSES = ['pending', 'queued', 'sent', 'delivered', 'failed', 'skipped'] as const;

/**
 * One person's copy of a campaign: the unique key is what makes "one message per person" hold across crashes. A
 * delivery is planned with its channel, address and language and gets its message only when it is sent (the text
 * is worded then from the campaign): a message row made at planning and updated at sending had been a third of a
 * blast's database writes.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // A foreign key in all but name, kept by triggers (migration 0019): a planned page's rows all name one campaign,
    // which they lock once per statement where a foreign key locked it once per row — with two pages planned side by
    // side, a lock shared by two transactions, the costliest check of a blast's plan.
    campaignId: uuid('campaign_id').notNull(),
    // Likewise a foreign key kept by triggers (ON DELETE CASCADE; migration 0021): checked once per statement,
    // without the row lock a foreign key takes on every row it names (a blast names a million).
    personId: uuid('person_id').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    reason: text('reason'),
    channel: text('channel'),
    // The message it went as (the report reads its receipt); the message names its delivery back (delivery_id). No
    // index and no foreign key: the send's update then changes no indexed column and stays on its heap page (a HOT
    // update), where an index on it made every send write three index entries and lock the new message.
    messageId: uuid('message_id'),
    // The address on the chosen channel and the language the message is worded in. No foreign key on the identity:
    // it and the delivery both belong to the person, whose deletion takes both, and a check per planned row is what
    // a blast can least afford.
    identityId: uuid('identity_id'),
    locale: text('locale'),
    // Channels already tried, so a failure falls through to the next one in the policy and never back.
    triedChannels: text('tried_channels').array().notNull().default(sql`'{}'::text[]`),
    segments: integer('segments'),
    params: jsonb('params'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('deliveries_campaign_person_key').on(t.campaignId, t.personId),
    // Nothing on status either (an index predicate counts too): sending changes it, and the few look-ups by it (the
    // fall-throughs a finished fan-out hands on, a cancel) read one campaign along the key above.
    check(
      'deliveries_status_check',
      sql`${t.status} in ('pending', 'queued', 'sent', 'delivered', 'failed', 'skipped')`,
    ),
  ],
);

/**
 * A campaign's progress as a ledger of counts: each statement that stores or moves deliveries adds a row per
 * (status, channel) it changed, written by triggers on deliveries (and "delivered" by one on messages, when a
 * receipt comes) in migration 0017. The console asks for the progress every second; counting a million-person
 * campaign's deliveries took a second of the database each time, summing its ledger a few hundred rows. Writers only
 * insert, so no two sends wait for one counter row; readers fold the rows into one per key now and then.
 */
export const campaignProgressCounts = pgTable(
  'campaign_progress_counts',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    // '' for a delivery with no channel (skipped before one was chosen).
    channel: text('channel').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [index('campaign_progress_counts_campaign_idx').on(t.campaignId)],
);

export type Campaign = typeof campaigns.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;

// ---------------------------------------------------------------------------------------------------------------
// Relief (issue 7): households ask for essential goods; ward officers verify, approve and deliver from ward depots.
// ---------------------------------------------------------------------------------------------------------------

export const RELIEF_ITEMS = ['rice', 'noodles', 'milk', 'oil', 'medicine', 'cash', 'other'] as const;
/** submitted → verified → approved → delivered | rejected; "attached" marks a second request of one round. */
export const RELIEF_REQUEST_STATUSES = [
  'submitted',
  'verified',
  'approved',
  'delivered',
  'rejected',
  'attached',
] as const;
export const RELIEF_SITUATIONS = ['lost_income', 'isolation', 'alone', 'other'] as const;
export const RELIEF_URGENCIES = ['normal', 'urgent', 'critical'] as const;

/** A distribution round of one ward; at most one is open at a time, and requests belong to the open one. */
export const reliefRounds = pgTable(
  'relief_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    wardCode: text('ward_code').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    openedAt: createdAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('relief_rounds_one_open_per_ward').on(t.wardCode).where(sql`${t.status} = 'open'`),
    check('relief_rounds_status_check', sql`${t.status} in ('open', 'closed')`),
  ],
);

/**
 * A household of a ward, known by its head's phone and by its address key (core/domain/address-key.ts). The phone is
 * unique within a ward, so two concurrent requests from one household cannot create it twice.
 */
export const reliefHouseholds = pgTable(
  'relief_households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    wardCode: text('ward_code').notNull(),
    phone: text('phone'),
    headName: text('head_name').notNull(),
    address: text('address').notNull(),
    addressKey: text('address_key').notNull(),
    size: smallint('size').notNull(),
    over60: smallint('over_60').notNull().default(0),
    under6: smallint('under_6').notNull().default(0),
    disabled: smallint('disabled').notNull().default(0),
    pregnant: smallint('pregnant').notNull().default(0),
    // On a vulnerable-households list imported by the ward (CSV), whether or not it ever asked.
    listed: boolean('listed').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('relief_households_ward_phone_key').on(t.wardCode, t.phone),
    index('relief_households_ward_address_idx').on(t.wardCode, t.addressKey),
    check('relief_households_size_check', sql`${t.size} between 1 and 50`),
    check(
      'relief_households_members_check',
      sql`${t.over60} >= 0 and ${t.under6} >= 0 and ${t.disabled} >= 0 and ${t.pregnant} >= 0`,
    ),
  ],
);

/** One household's request in one round. A second request of the round is kept, attached to the first. */
export const reliefRequests = pgTable(
  'relief_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // A short number the requester can quote on the phone ("yêu cầu số 1024").
    number: integer('number').generatedAlwaysAsIdentity().notNull().unique(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => reliefRounds.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => reliefHouseholds.id, { onDelete: 'cascade' }),
    // Who asked (and is told of each change); null for requests typed in by staff.
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    attachedTo: uuid('attached_to').references((): AnyPgColumn => reliefRequests.id, { onDelete: 'cascade' }),
    status: text('status', { enum: RELIEF_REQUEST_STATUSES }).notNull(),
    items: text('items', { enum: RELIEF_ITEMS }).array().notNull(),
    otherItem: text('other_item'),
    situations: text('situations', { enum: RELIEF_SITUATIONS }).array().notNull(),
    urgency: text('urgency', { enum: RELIEF_URGENCIES }).notNull(),
    verifiedBy: text('verified_by'),
    approvedBy: text('approved_by'),
    deliveredBy: text('delivered_by'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    rejectedBy: text('rejected_by'),
    rejectReason: text('reject_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The rule "once per household per round" held by the database, not by a read-then-insert.
    uniqueIndex('relief_requests_round_household_key').on(t.roundId, t.householdId).where(sql`${t.attachedTo} is null`),
    index('relief_requests_round_status_idx').on(t.roundId, t.status),
    index('relief_requests_person_idx').on(t.personId),
    check(
      'relief_requests_status_check',
      sql`${t.status} in ('submitted', 'verified', 'approved', 'delivered', 'rejected', 'attached')`,
    ),
    check('relief_requests_attached_check', sql`(${t.status} = 'attached') = (${t.attachedTo} is not null)`),
  ],
);

/** Same address, different phone: maybe one household asking twice, maybe two — an officer decides. */
export const reliefDuplicateReviews = pgTable(
  'relief_duplicate_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    wardCode: text('ward_code').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => reliefHouseholds.id, { onDelete: 'cascade' }),
    matchesHouseholdId: uuid('matches_household_id')
      .notNull()
      .references(() => reliefHouseholds.id, { onDelete: 'cascade' }),
    decision: text('decision', { enum: ['same', 'different'] }),
    decidedBy: text('decided_by'),
    createdAt: createdAt(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('relief_duplicate_reviews_pair_key').on(t.householdId, t.matchesHouseholdId),
    index('relief_duplicate_reviews_ward_idx').on(t.wardCode),
  ],
);

/** A ward depot; its stock is one row per item and can never go below zero. */
export const reliefDepots = pgTable('relief_depots', {
  id: uuid('id').primaryKey().defaultRandom(),
  wardCode: text('ward_code').notNull(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const reliefStock = pgTable(
  'relief_stock',
  {
    depotId: uuid('depot_id')
      .notNull()
      .references(() => reliefDepots.id, { onDelete: 'cascade' }),
    item: text('item', { enum: RELIEF_ITEMS }).notNull(),
    quantity: integer('quantity').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.depotId, t.item] }), check('relief_stock_quantity_check', sql`${t.quantity} >= 0`)],
);

/** A donation received at a depot (adds stock). */
export const reliefReceipts = pgTable(
  'relief_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    depotId: uuid('depot_id')
      .notNull()
      .references(() => reliefDepots.id, { onDelete: 'cascade' }),
    donor: text('donor').notNull(),
    item: text('item', { enum: RELIEF_ITEMS }).notNull(),
    quantity: integer('quantity').notNull(),
    receivedBy: text('received_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('relief_receipts_quantity_check', sql`${t.quantity} > 0`)],
);

/** Goods issued from a depot to an approved request at delivery (takes stock). */
export const reliefIssues = pgTable(
  'relief_issues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => reliefRequests.id, { onDelete: 'cascade' }),
    depotId: uuid('depot_id')
      .notNull()
      .references(() => reliefDepots.id),
    item: text('item', { enum: RELIEF_ITEMS }).notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('relief_issues_request_idx').on(t.requestId),
    check('relief_issues_quantity_check', sql`${t.quantity} > 0`),
  ],
);

export type ReliefItem = (typeof RELIEF_ITEMS)[number];
export type ReliefSituation = (typeof RELIEF_SITUATIONS)[number];
export type ReliefUrgency = (typeof RELIEF_URGENCIES)[number];
export type ReliefRequestStatus = (typeof RELIEF_REQUEST_STATUSES)[number];
export type ReliefRound = typeof reliefRounds.$inferSelect;
export type ReliefHousehold = typeof reliefHouseholds.$inferSelect;
export type ReliefRequest = typeof reliefRequests.$inferSelect;
export type ReliefDepot = typeof reliefDepots.$inferSelect;

export const ADMIN_LEVELS = ['province', 'district', 'ward'] as const;

/** Vietnam's administrative units (province → district → ward), imported from the statistics office's list. */
export const adminUnits = pgTable(
  'admin_units',
  {
    code: text('code').primaryKey(),
    level: text('level', { enum: ADMIN_LEVELS }).notNull(),
    // With its type, as written officially: "Phường Trảng Dài", "Thành phố Biên Hòa".
    name: text('name').notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => adminUnits.code),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('admin_units_parent_idx').on(t.parentCode),
    check('admin_units_level_check', sql`${t.level} in ('province', 'district', 'ward')`),
  ],
);

export type AdminUnit = typeof adminUnits.$inferSelect;

export const STAFF_ROLES = ['admin', 'province', 'district', 'ward', 'venue_owner'] as const;

/** A health official's account: what they may do (role) and where (administrative unit codes). */
export const staffAccounts = pgTable(
  'staff_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Lower case, so "BS.Lan" and "bs.lan" are one account.
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    // scrypt, with its parameters and salt (core/domain/passwords.ts).
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    // Province, district or ward codes the account sees; an admin sees everything.
    areas: text('areas').array().notNull().default(sql`'{}'::text[]`),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('staff_accounts_role_check', sql`${t.role} in ('admin', 'province', 'district', 'ward', 'venue_owner')`),
  ],
);

/** A signed-in browser: only the SHA-256 of the cookie's token is stored, so a database dump opens no session. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => staffAccounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('staff_sessions_account_idx').on(t.accountId)],
);

/** A bearer token an integration uses on behalf of an account (hashed like sessions). */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id')
    .notNull()
    .references(() => staffAccounts.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** Who did what and when: sign-ins, alerts approved and sent, personal data exported, roles changed. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    // The account's id, or "admin-token" for the deployment's break-glass ADMIN_API_TOKEN.
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: jsonb('details'),
    ip: text('ip'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actor, t.at)],
);

export type StaffAccount = typeof staffAccounts.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;

// ───────────────────────── Health declarations and home monitoring (issue 4) ─────────────────────────

/** Someone a person declares for (a child, a parent): each member is a person of their own, so declarations stay theirs. */
export const householdMembers = pgTable(
  'household_members',
  {
    managerId: uuid('manager_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.managerId, t.memberId] }),
    check('household_members_not_self_check', sql`${t.managerId} <> ${t.memberId}`),
  ],
);

export const DECLARATION_KINDS = ['domestic', 'entry'] as const;
export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** One finished declaration; the receipt code is what staff verify within 24 h. */
export const declarations = pgTable(
  'declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: DECLARATION_KINDS }).notNull(),
    // Whom the declaration is about; declaredBy differs when a household manager declared for a member.
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    declaredBy: uuid('declared_by')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    fullName: text('full_name').notNull(),
    birthYear: smallint('birth_year').notNull(),
    gender: text('gender'),
    phone: text('phone'),
    wardCode: text('ward_code'),
    address: text('address').notNull(),
    symptoms: text('symptoms').array().notNull(),
    exposures: text('exposures').array().notNull(),
    vaccineDoses: smallint('vaccine_doses'),
    // Entry declarations: passport, nationality, flight and seat, port, arrival date, countries visited.
    travel: jsonb('travel'),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull(),
    ruleVersion: text('rule_version').notNull(),
    riskReasons: text('risk_reasons').array().notNull(),
    channel: text('channel').notNull(),
    receiptCode: text('receipt_code').notNull(),
    receiptExpiresAt: timestamp('receipt_expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('declarations_receipt_code_key').on(t.receiptCode),
    index('declarations_person_created_idx').on(t.personId, t.createdAt),
    index('declarations_ward_created_idx').on(t.wardCode, t.createdAt, t.id),
    index('declarations_created_idx').on(t.createdAt, t.id),
    check('declarations_kind_check', sql`${t.kind} in ('domestic', 'entry')`),
    check('declarations_risk_check', sql`${t.riskLevel} in ('low', 'moderate', 'high')`),
    check('declarations_birth_year_check', sql`${t.birthYear} between 1900 and 2100`),
  ],
);

/** A health worker who is told about high-risk declarations and monitoring alerts in a ward: by chat (person) or SMS. */
export const wardStaffSubscriptions = pgTable(
  'ward_staff_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    wardCode: text('ward_code').notNull(),
    name: text('name').notNull(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    phone: text('phone'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ward_staff_ward_person_key').on(t.wardCode, t.personId),
    uniqueIndex('ward_staff_ward_phone_key').on(t.wardCode, t.phone),
    check('ward_staff_target_check', sql`(${t.personId} is null) <> (${t.phone} is null)`),
  ],
);

export const MONITORING_KINDS = ['F0', 'F1'] as const;
export const MONITORING_STATUSES = ['active', 'ended'] as const;

/** A person isolating at home, asked every day from start to planned end (or until staff end it). */
export const monitoringCases = pgTable(
  'monitoring_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MONITORING_KINDS }).notNull(),
    wardCode: text('ward_code').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: MONITORING_STATUSES }).notNull().default('active'),
    createdBy: text('created_by').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: text('ended_by'),
    createdAt: createdAt(),
  },
  (t) => [
    // One open case per person: a second POST while one runs is a conflict, not a second daily question.
    uniqueIndex('monitoring_cases_active_person_key').on(t.personId).where(sql`${t.status} = 'active'`),
    index('monitoring_cases_ward_idx').on(t.wardCode, t.status),
    check('monitoring_cases_kind_check', sql`${t.kind} in ('F0', 'F1')`),
    check('monitoring_cases_status_check', sql`${t.status} in ('active', 'ended')`),
    check('monitoring_cases_dates_check', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

export const ALERT_LEVELS = ['none', 'warning', 'emergency'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** One day of a case: asked → answered, or reminded and finally missed; the readings when answered. */
export const monitoringChecks = pgTable(
  'monitoring_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => monitoringCases.id, { onDelete: 'cascade' }),
    checkDate: date('check_date', { mode: 'string' }).notNull(),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    missedAt: timestamp('missed_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    temperature: numeric('temperature', { precision: 3, scale: 1, mode: 'number' }),
    spo2: smallint('spo2'),
    breathingDifficulty: boolean('breathing_difficulty'),
    chestPain: boolean('chest_pain'),
    otherSymptoms: text('other_symptoms'),
    alertLevel: text('alert_level', { enum: ALERT_LEVELS }),
    alertReasons: text('alert_reasons').array(),
  },
  (t) => [
    uniqueIndex('monitoring_checks_case_date_key').on(t.caseId, t.checkDate),
    check('monitoring_checks_alert_check', sql`${t.alertLevel} in ('none', 'warning', 'emergency')`),
  ],
);

export type Declaration = typeof declarations.$inferSelect;
export type WardStaffSubscription = typeof wardStaffSubscriptions.$inferSelect;
export type MonitoringCase = typeof monitoringCases.$inferSelect;
export type MonitoringCheck = typeof monitoringChecks.$inferSelect;

// ─── Venues, QR check-in, cases and exposures, the safety map (issue 6) ──────────────────────────────────────────

/** pending: registered by its owner through the bot, not yet confirmed by staff; closed venues refuse check-ins. */
export const VENUE_STATUSES = ['pending', 'open', 'closed'] as const;

/** A public place people check in to; `code` is the 6-digit number printed on its poster and texted by SMS. */
export const venues = pgTable(
  'venues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    address: text('address').notNull(),
    wardCode: text('ward_code').notNull(),
    ownerPhone: text('owner_phone'),
    ownerPersonId: uuid('owner_person_id').references(() => people.id, { onDelete: 'set null' }),
    // The venue_owner staff account that sees this venue (and only its own) in the console.
    ownerAccountId: uuid('owner_account_id').references(() => staffAccounts.id, { onDelete: 'set null' }),
    status: text('status', { enum: VENUE_STATUSES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    check('venues_code_check', sql`${t.code} ~ '^[1-9][0-9]{5}$'`),
    check('venues_status_check', sql`${t.status} in ('pending', 'open', 'closed')`),
    index('venues_ward_idx').on(t.wardCode),
    index('venues_owner_person_idx').on(t.ownerPersonId),
    index('venues_owner_account_idx').on(t.ownerAccountId),
  ],
);

/**
 * One stay at a venue. PARTITIONED BY RANGE (checked_in_at), one partition per Vietnam day, in the migration SQL
 * (drizzle-kit cannot express partitioning): retention drops whole days instead of deleting millions of rows.
 * `ends_at` is the check-out time, or check-in + the default dwell until the person checks out.
 */
export const checkins = pgTable(
  'checkins',
  {
    id: uuid('id').notNull().defaultRandom(),
    venueId: uuid('venue_id')
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    receiptCode: text('receipt_code').notNull(),
    channel: text('channel').notNull(),
  },
  (t) => [
    // A partitioned table's keys must contain the partition column.
    primaryKey({ columns: [t.id, t.checkedInAt] }),
    // INCLUDE (ends_at, person_id, id) is added in the migration: matching reads only this index.
    index('checkins_venue_time_idx').on(t.venueId, t.checkedInAt),
    index('checkins_person_time_idx').on(t.personId, t.checkedInAt),
    // Bounded stays keep exposure matching to a bounded index range (see core/db/exposure-query.ts).
    check(
      'checkins_stay_check',
      sql`${t.endsAt} >= ${t.checkedInAt} and ${t.endsAt} <= ${t.checkedInAt} + interval '24 hours'`,
    ),
  ],
);

export const CASE_STATUSES = ['open', 'alerted'] as const;

/** A confirmed case: their check-ins (and staff-added visits) inside the infectious period are matched. */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    infectiousFrom: timestamp('infectious_from', { withTimezone: true }).notNull(),
    infectiousTo: timestamp('infectious_to', { withTimezone: true }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
    // The matching rules in force when the case was registered: the list staff approve and the alert audience agree.
    bufferMin: integer('buffer_min').notNull(),
    minOverlapMin: integer('min_overlap_min').notNull(),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    // The ward whose officers handle the case (null: registered before areas, admins only).
    wardCode: text('ward_code'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('cases_ward_idx').on(t.wardCode),
    check('cases_period_check', sql`${t.infectiousTo} > ${t.infectiousFrom}`),
    check('cases_status_check', sql`${t.status} in ('open', 'alerted')`),
  ],
);

/** A visit staff learned of by interview (no check-in recorded): matched like the case's own check-ins. */
export const caseVisits = pgTable(
  'case_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    venueId: uuid('venue_id')
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_visits_case_idx').on(t.caseId),
    check(
      'case_visits_stay_check',
      sql`${t.endedAt} > ${t.startedAt} and ${t.endedAt} <= ${t.startedAt} + interval '24 hours'`,
    ),
  ],
);

/** A ward's risk level (1 green, 2 yellow, 3 orange, 4 red) from a date on; the latest one not in the future holds. */
export const wardRiskLevels = pgTable(
  'ward_risk_levels',
  {
    wardCode: text('ward_code').notNull(),
    effectiveDate: text('effective_date').notNull(),
    level: smallint('level').notNull(),
    setBy: text('set_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.wardCode, t.effectiveDate] }),
    check('ward_risk_levels_level_check', sql`${t.level} between 1 and 4`),
    check('ward_risk_levels_date_check', sql`${t.effectiveDate} ~ '^\\d{4}-\\d{2}-\\d{2}$'`),
  ],
);

/** A venue owner's daily safety self-check (one per venue and Vietnam day; a second answer replaces the first). */
export const venueSelfChecks = pgTable(
  'venue_self_checks',
  {
    venueId: uuid('venue_id')
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    checkDate: text('check_date').notNull(),
    masks: boolean('masks').notNull(),
    distancing: boolean('distancing').notNull(),
    disinfection: boolean('disinfection').notNull(),
    qrDisplayed: boolean('qr_displayed').notNull(),
    answeredBy: uuid('answered_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.venueId, t.checkDate] })],
);

/** A citizen's report about a venue (crowding, no masks, no QR poster). */
export const venueReports = pgTable(
  'venue_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    venueId: uuid('venue_id')
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('venue_reports_venue_created_idx').on(t.venueId, t.createdAt)],
);

/** Secrets the service makes for itself when the environment gives none (the venue link signing key). */
export const serviceSecrets = pgTable('service_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export type Venue = typeof venues.$inferSelect;
export type Checkin = typeof checkins.$inferSelect;
export type Case = typeof cases.$inferSelect;
export type CaseVisit = typeof caseVisits.$inferSelect;

// ───────────────────────────── Vaccination sign-up (issue 5) ─────────────────────────────

export const SITE_STATUSES = ['open', 'closed'] as const;

/** A vaccination site; `code` is the staff's own short code, the key of the CSV import. */
export const vaccinationSites = pgTable(
  'vaccination_sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    wardCode: text('ward_code').notNull(),
    contactName: text('contact_name'),
    // E.164; a severe reaction after a shot here is escalated to this phone at once.
    contactPhone: text('contact_phone').notNull(),
    status: text('status', { enum: SITE_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('vaccination_sites_ward_idx').on(t.wardCode),
    check('vaccination_sites_status_check', sql`${t.status} in ('open', 'closed')`),
  ],
);

/** A time window at a site with a number of doses of one vaccine; `booked` only moves inside a booking transaction. */
export const vaccinationSlots = pgTable(
  'vaccination_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => vaccinationSites.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    vaccine: text('vaccine').notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
    status: text('status', { enum: SITE_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('vaccination_slots_site_starts_idx').on(t.siteId, t.startsAt),
    // The database itself refuses overbooking, whatever the code above it does.
    check('vaccination_slots_booked_check', sql`${t.booked} between 0 and ${t.capacity}`),
    check('vaccination_slots_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('vaccination_slots_status_check', sql`${t.status} in ('open', 'closed')`),
  ],
);

export const REGISTRATION_STATUSES = ['booked', 'cancelled', 'done', 'no_show'] as const;

/**
 * One person's place in a slot. The registrant (whose phone gets the messages) may be someone else: a son, a ward
 * officer. The ID number is only here encrypted (AES-256-GCM) and as a keyed hash (HMAC-SHA-256) for look-ups.
 */
export const vaccinationRegistrations = pgTable(
  'vaccination_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Shown to the citizen (SMS) and inside the QR code; checked at the site.
    code: text('code').notNull().unique(),
    slotId: uuid('slot_id')
      .notNull()
      .references(() => vaccinationSlots.id, { onDelete: 'restrict' }),
    registrantPersonId: uuid('registrant_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    forSelf: boolean('for_self').notNull(),
    fullName: text('full_name').notNull(),
    birthYear: smallint('birth_year').notNull(),
    idHash: text('id_hash').notNull(),
    idCipher: text('id_cipher').notNull(),
    priorityGroup: text('priority_group').notNull(),
    dose: smallint('dose').notNull(),
    previousVaccine: text('previous_vaccine'),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull().default('booked'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    // Set with every status change (an outbox): the reminder sync makes the BullMQ jobs match the status, then clears
    // it. Turns and staff routes never talk to the queue, so a rolled-back booking never leaves a reminder behind.
    remindersDirty: boolean('reminders_dirty').notNull().default(true),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One live registration per person and dose: a second booking fails here even when two arrive at once.
    uniqueIndex('vaccination_registrations_person_dose_key')
      .on(t.idHash, t.dose)
      .where(sql`${t.status} in ('booked', 'done')`),
    index('vaccination_registrations_slot_idx').on(t.slotId, t.status),
    index('vaccination_registrations_dirty_idx').on(t.id).where(sql`${t.remindersDirty}`),
    index('vaccination_registrations_registrant_idx').on(t.registrantPersonId, t.status),
    check('vaccination_registrations_status_check', sql`${t.status} in ('booked', 'cancelled', 'done', 'no_show')`),
    check('vaccination_registrations_dose_check', sql`${t.dose} between 1 and 4`),
    check('vaccination_registrations_birth_year_check', sql`${t.birthYear} between 1900 and 2100`),
  ],
);

export const REACTION_LEVELS = ['none', 'mild', 'severe'] as const;

/** The answer to an after-shot follow-up (day 1, day 7); one per registration and day. */
export const vaccinationFollowups = pgTable(
  'vaccination_followups',
  {
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => vaccinationRegistrations.id, { onDelete: 'cascade' }),
    day: smallint('day').notNull(),
    reaction: text('reaction', { enum: REACTION_LEVELS }).notNull(),
    escalated: boolean('escalated').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.registrationId, t.day] }),
    check('vaccination_followups_reaction_check', sql`${t.reaction} in ('none', 'mild', 'severe')`),
  ],
);

export type VaccinationSite = typeof vaccinationSites.$inferSelect;
export type VaccinationSlot = typeof vaccinationSlots.$inferSelect;
export type VaccinationRegistration = typeof vaccinationRegistrations.$inferSelect;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

// ───────────────────────── Human handover (issue 9) ─────────────────────────

export const HANDOVER_STATUSES = ['open', 'closed'] as const;

/**
 * A citizen's conversation handed to the staff of their ward: while open the bot stays silent and staff answer
 * through the citizen's own channel. The transcript is the identity's rows in `messages`, not a copy.
 */
export const handovers = pgTable(
  'handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => channelIdentities.id, { onDelete: 'cascade' }),
    wardCode: text('ward_code').notNull(),
    status: text('status', { enum: HANDOVER_STATUSES }).notNull().default('open'),
    // The citizen wrote last (or nobody from the ward has answered yet).
    waitingForStaff: boolean('waiting_for_staff').notNull().default(true),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    // A staff account id (or "admin-token"), "citizen" when they went back to the menu, or "idle" when the citizen
    // wrote again long after staff's last answer (handover-turn.ts).
    closedBy: text('closed_by'),
    // Moves with every change, so the console's live feed finds what changed since it last looked.
    updatedAt: updatedAt(),
  },
  (t) => [
    // One open handover per identity, even when two turns or two officers race.
    uniqueIndex('handovers_one_open_per_identity').on(t.identityId).where(sql`${t.status} = 'open'`),
    index('handovers_ward_status_idx').on(t.wardCode, t.status, t.lastMessageAt),
    index('handovers_updated_idx').on(t.updatedAt),
    check('handovers_status_check', sql`${t.status} in ('open', 'closed')`),
    check('handovers_closed_check', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

export type Handover = typeof handovers.$inferSelect;
