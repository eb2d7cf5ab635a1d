DROP INDEX "deliveries_message_key";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "identity_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "locale" text;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_message_key" ON "deliveries" USING btree ("message_id") WHERE "deliveries"."message_id" is not null;