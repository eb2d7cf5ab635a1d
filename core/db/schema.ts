// One schema file on purpose: drizzle-kit cannot follow NodeNext `.js` imports between schema files.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
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
    // E.164; unique when known, so one person is never split across two records by phone.
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
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
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
    identityId: uuid('identity_id')
      .notNull()
      .references(() => channelIdentities.id, { onDelete: 'cascade' }),
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('messages_channel_provider_message_id_key').on(t.channel, t.providerMessageId),
    uniqueIndex('messages_notice_key').on(t.noticeKey),
    index('messages_identity_created_idx').on(t.identityId, t.createdAt),
    index('messages_reply_to_idx').on(t.replyToId),
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
    // { type: 'phones' } (rows in campaign_recipients), { type: 'wards', wards: [...] } or { type: 'everyone' }.
    audience: jsonb('audience').notNull(),
    channelPolicy: text('channel_policy').array().notNull(),
    urgent: boolean('urgent').notNull().default(false),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    createdBy: text('created_by').notNull(),
    approvedBy: text('approved_by'),
    // Null: as soon as approved (or at once); a time: not before it.
    sendAfter: timestamp('send_after', { withTimezone: true }),
    // Fan-out progress, committed with each page of deliveries, so a crashed fan-out resumes where it stopped.
    fanoutCursor: text('fanout_cursor'),
    fanoutDone: boolean('fanout_done').notNull().default(false),
    planned: integer('planned').notNull().default(0),
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

/** An uploaded audience: one row per phone with that person's own parameters (name, result, date). */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no').notNull(),
    phone: text('phone').notNull(),
    params: jsonb('params'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.rowNo] })],
);

export const DELIVERY_STATUSES = ['pending', 'queued', 'sent', 'delivered', 'failed', 'skipped'] as const;

/** One person's copy of a campaign: the unique key is what makes "one message per person" hold across crashes. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    reason: text('reason'),
    channel: text('channel'),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    // Channels already tried, so a failure falls through to the next one in the policy and never back.
    triedChannels: text('tried_channels').array().notNull().default(sql`'{}'::text[]`),
    segments: integer('segments'),
    params: jsonb('params'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('deliveries_campaign_person_key').on(t.campaignId, t.personId),
    index('deliveries_campaign_status_idx').on(t.campaignId, t.status),
    uniqueIndex('deliveries_message_key').on(t.messageId),
    check(
      'deliveries_status_check',
      sql`${t.status} in ('pending', 'queued', 'sent', 'delivered', 'failed', 'skipped')`,
    ),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;

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
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
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
