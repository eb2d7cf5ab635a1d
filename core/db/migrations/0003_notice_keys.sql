ALTER TABLE "messages" ADD COLUMN "notice_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_notice_key" ON "messages" USING btree ("notice_key");