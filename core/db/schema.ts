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
