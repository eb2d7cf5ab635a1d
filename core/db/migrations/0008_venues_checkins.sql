CREATE TABLE "case_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"venue_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_visits_stay_check" CHECK ("case_visits"."ended_at" > "case_visits"."started_at" and "case_visits"."ended_at" <= "case_visits"."started_at" + interval '24 hours')
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"infectious_from" timestamp with time zone NOT NULL,
	"infectious_to" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"buffer_min" integer NOT NULL,
	"min_overlap_min" integer NOT NULL,
	"campaign_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_period_check" CHECK ("cases"."infectious_to" > "cases"."infectious_from"),
	CONSTRAINT "cases_status_check" CHECK ("cases"."status" in ('open', 'alerted'))
);
--> statement-breakpoint
CREATE TABLE "checkins" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"venue_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"checked_out_at" timestamp with time zone,
	"receipt_code" text NOT NULL,
	"channel" text NOT NULL,
	CONSTRAINT "checkins_id_checked_in_at_pk" PRIMARY KEY("id","checked_in_at"),
	CONSTRAINT "checkins_stay_check" CHECK ("checkins"."ends_at" >= "checkins"."checked_in_at" and "checkins"."ends_at" <= "checkins"."checked_in_at" + interval '24 hours')
) PARTITION BY RANGE ("checked_in_at");
-- Hand-edited: drizzle-kit cannot express table partitioning, so "PARTITION BY RANGE" was added to the generated
-- statement above. One partition per Vietnam day is created ahead by core/db/checkin-partitions.ts (no DEFAULT
-- partition: rows there could never be dropped as a day), and retention drops whole partitions instead of deleting
-- rows. Indexes and foreign keys declared on the parent apply to every partition.
--> statement-breakpoint
CREATE TABLE "service_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "venue_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"venue_id" uuid NOT NULL,
	"person_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "venue_self_checks" (
	"venue_id" uuid NOT NULL,
	"check_date" text NOT NULL,
	"masks" boolean NOT NULL,
	"distancing" boolean NOT NULL,
	"disinfection" boolean NOT NULL,
	"qr_displayed" boolean NOT NULL,
	"answered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_self_checks_venue_id_check_date_pk" PRIMARY KEY("venue_id","check_date")
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"address" text NOT NULL,
	"ward_code" text NOT NULL,
	"owner_phone" text,
	"owner_person_id" uuid,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "venues_code_unique" UNIQUE("code"),
	CONSTRAINT "venues_code_check" CHECK ("venues"."code" ~ '^[1-9][0-9]{5}$'),
	CONSTRAINT "venues_status_check" CHECK ("venues"."status" in ('pending', 'open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "ward_risk_levels" (
	"ward_code" text NOT NULL,
	"effective_date" text NOT NULL,
	"level" smallint NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ward_risk_levels_ward_code_effective_date_pk" PRIMARY KEY("ward_code","effective_date"),
	CONSTRAINT "ward_risk_levels_level_check" CHECK ("ward_risk_levels"."level" between 1 and 4),
	CONSTRAINT "ward_risk_levels_date_check" CHECK ("ward_risk_levels"."effective_date" ~ '^\d{4}-\d{2}-\d{2}$')
);
--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_visits" ADD CONSTRAINT "case_visits_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_reports" ADD CONSTRAINT "venue_reports_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_reports" ADD CONSTRAINT "venue_reports_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_self_checks" ADD CONSTRAINT "venue_self_checks_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_self_checks" ADD CONSTRAINT "venue_self_checks_answered_by_people_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_visits_case_idx" ON "case_visits" USING btree ("case_id");--> statement-breakpoint
-- Hand-edited: INCLUDE makes exposure matching an index-only scan (drizzle-kit cannot express INCLUDE either); the
-- daily partitions are append-only, so autovacuum keeps their visibility maps current.
CREATE INDEX "checkins_venue_time_idx" ON "checkins" USING btree ("venue_id","checked_in_at") INCLUDE ("ends_at","person_id","id");--> statement-breakpoint
CREATE INDEX "checkins_person_time_idx" ON "checkins" USING btree ("person_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "venue_reports_venue_created_idx" ON "venue_reports" USING btree ("venue_id","created_at");--> statement-breakpoint
CREATE INDEX "venues_ward_idx" ON "venues" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "venues_owner_person_idx" ON "venues" USING btree ("owner_person_id");