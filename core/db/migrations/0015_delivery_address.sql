ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_message_id_messages_id_fk";
--> statement-breakpoint
DROP INDEX "deliveries_campaign_status_idx";--> statement-breakpoint
DROP INDEX "deliveries_message_key";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "identity_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "delivery_id" uuid;--> statement-breakpoint
-- Written by hand from here (drizzle-kit does not track these).
-- Deliveries and messages made before identity_id and delivery_id existed name each other, so a campaign message
-- still queued finds its campaign's rules and a resumed fan-out finds its address.
UPDATE "messages" SET "delivery_id" = "deliveries"."id" FROM "deliveries" WHERE "deliveries"."message_id" = "messages"."id";--> statement-breakpoint
UPDATE "deliveries" SET "identity_id" = "messages"."identity_id" FROM "messages" WHERE "messages"."id" = "deliveries"."message_id";--> statement-breakpoint
-- Room on each page for a sent delivery's new version next to the old one: the send's update stays a HOT update.
ALTER TABLE "deliveries" SET (fillfactor = 80);
