ALTER TABLE "campaigns" ADD COLUMN "ward_codes" text[];--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "ward_code" text;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "owner_account_id" uuid;--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_owner_account_id_staff_accounts_id_fk" FOREIGN KEY ("owner_account_id") REFERENCES "public"."staff_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_ward_idx" ON "cases" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "venues_owner_account_idx" ON "venues" USING btree ("owner_account_id");