DROP INDEX "messages_channel_provider_message_id_key";--> statement-breakpoint
DROP INDEX "messages_notice_key";--> statement-breakpoint
DROP INDEX "messages_reply_to_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "messages_channel_provider_message_id_key" ON "messages" USING btree ("channel","provider_message_id") WHERE "messages"."provider_message_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_notice_key" ON "messages" USING btree ("notice_key") WHERE "messages"."notice_key" is not null;--> statement-breakpoint
CREATE INDEX "messages_reply_to_idx" ON "messages" USING btree ("reply_to_id") WHERE "messages"."reply_to_id" is not null;