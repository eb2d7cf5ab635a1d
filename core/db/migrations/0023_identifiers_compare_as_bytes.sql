-- Phones, channel names, channel addresses and provider message ids are machine identifiers: they are looked up and
-- kept unique, never shown in a language's order. Under the database's collation every comparison of their unique
-- indexes (and every sort by them) went through the locale's string comparison; "C" compares bytes. A blast writes
-- one entry per person or message into each of these indexes, and sorts each planned page by them.
-- Equality is unchanged (the collations were deterministic), so no row can clash or part that did not before.
ALTER TABLE "people" ALTER COLUMN "phone" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "channel_identities" ALTER COLUMN "channel" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "channel_identities" ALTER COLUMN "external_id" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "channel" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "provider_message_id" SET DATA TYPE text COLLATE "C";
