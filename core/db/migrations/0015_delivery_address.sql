DROP INDEX "deliveries_campaign_status_idx";--> statement-breakpoint
DROP INDEX "deliveries_message_key";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "identity_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "locale" text;--> statement-breakpoint
CREATE INDEX "deliveries_campaign_pending_idx" ON "deliveries" USING btree ("campaign_id","id") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_message_key" ON "deliveries" USING btree ("message_id") WHERE "deliveries"."message_id" is not null;