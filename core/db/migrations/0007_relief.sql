CREATE TABLE "relief_depots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ward_code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relief_duplicate_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ward_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"matches_household_id" uuid NOT NULL,
	"decision" text,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "relief_households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ward_code" text NOT NULL,
	"phone" text,
	"head_name" text NOT NULL,
	"address" text NOT NULL,
	"address_key" text NOT NULL,
	"size" smallint NOT NULL,
	"over_60" smallint DEFAULT 0 NOT NULL,
	"under_6" smallint DEFAULT 0 NOT NULL,
	"disabled" smallint DEFAULT 0 NOT NULL,
	"pregnant" smallint DEFAULT 0 NOT NULL,
	"listed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_households_size_check" CHECK ("relief_households"."size" between 1 and 50),
	CONSTRAINT "relief_households_members_check" CHECK ("relief_households"."over_60" >= 0 and "relief_households"."under_6" >= 0 and "relief_households"."disabled" >= 0 and "relief_households"."pregnant" >= 0)
);
--> statement-breakpoint
CREATE TABLE "relief_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"depot_id" uuid NOT NULL,
	"item" text NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_issues_quantity_check" CHECK ("relief_issues"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "relief_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"depot_id" uuid NOT NULL,
	"donor" text NOT NULL,
	"item" text NOT NULL,
	"quantity" integer NOT NULL,
	"received_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_receipts_quantity_check" CHECK ("relief_receipts"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "relief_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "relief_requests_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"person_id" uuid,
	"attached_to" uuid,
	"status" text NOT NULL,
	"items" text[] NOT NULL,
	"other_item" text,
	"situations" text[] NOT NULL,
	"urgency" text NOT NULL,
	"verified_by" text,
	"approved_by" text,
	"delivered_by" text,
	"delivered_at" timestamp with time zone,
	"rejected_by" text,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_requests_number_unique" UNIQUE("number"),
	CONSTRAINT "relief_requests_status_check" CHECK ("relief_requests"."status" in ('submitted', 'verified', 'approved', 'delivered', 'rejected', 'attached')),
	CONSTRAINT "relief_requests_attached_check" CHECK (("relief_requests"."status" = 'attached') = ("relief_requests"."attached_to" is not null))
);
--> statement-breakpoint
CREATE TABLE "relief_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ward_code" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "relief_rounds_status_check" CHECK ("relief_rounds"."status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "relief_stock" (
	"depot_id" uuid NOT NULL,
	"item" text NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_stock_depot_id_item_pk" PRIMARY KEY("depot_id","item"),
	CONSTRAINT "relief_stock_quantity_check" CHECK ("relief_stock"."quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "relief_duplicate_reviews" ADD CONSTRAINT "relief_duplicate_reviews_household_id_relief_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."relief_households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_duplicate_reviews" ADD CONSTRAINT "relief_duplicate_reviews_matches_household_id_relief_households_id_fk" FOREIGN KEY ("matches_household_id") REFERENCES "public"."relief_households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_issues" ADD CONSTRAINT "relief_issues_request_id_relief_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."relief_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_issues" ADD CONSTRAINT "relief_issues_depot_id_relief_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."relief_depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_receipts" ADD CONSTRAINT "relief_receipts_depot_id_relief_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."relief_depots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_requests" ADD CONSTRAINT "relief_requests_round_id_relief_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."relief_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_requests" ADD CONSTRAINT "relief_requests_household_id_relief_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."relief_households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_requests" ADD CONSTRAINT "relief_requests_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_requests" ADD CONSTRAINT "relief_requests_attached_to_relief_requests_id_fk" FOREIGN KEY ("attached_to") REFERENCES "public"."relief_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relief_stock" ADD CONSTRAINT "relief_stock_depot_id_relief_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."relief_depots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "relief_duplicate_reviews_pair_key" ON "relief_duplicate_reviews" USING btree ("household_id","matches_household_id");--> statement-breakpoint
CREATE INDEX "relief_duplicate_reviews_ward_idx" ON "relief_duplicate_reviews" USING btree ("ward_code");--> statement-breakpoint
CREATE UNIQUE INDEX "relief_households_ward_phone_key" ON "relief_households" USING btree ("ward_code","phone");--> statement-breakpoint
CREATE INDEX "relief_households_ward_address_idx" ON "relief_households" USING btree ("ward_code","address_key");--> statement-breakpoint
CREATE INDEX "relief_issues_request_idx" ON "relief_issues" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "relief_requests_round_household_key" ON "relief_requests" USING btree ("round_id","household_id") WHERE "relief_requests"."attached_to" is null;--> statement-breakpoint
CREATE INDEX "relief_requests_round_status_idx" ON "relief_requests" USING btree ("round_id","status");--> statement-breakpoint
CREATE INDEX "relief_requests_person_idx" ON "relief_requests" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "relief_rounds_one_open_per_ward" ON "relief_rounds" USING btree ("ward_code") WHERE "relief_rounds"."status" = 'open';