CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid NOT NULL,
	"declared_by" uuid NOT NULL,
	"full_name" text NOT NULL,
	"birth_year" smallint NOT NULL,
	"gender" text,
	"phone" text,
	"ward_code" text,
	"address" text NOT NULL,
	"symptoms" text[] NOT NULL,
	"exposures" text[] NOT NULL,
	"vaccine_doses" smallint,
	"travel" jsonb,
	"risk_level" text NOT NULL,
	"rule_version" text NOT NULL,
	"risk_reasons" text[] NOT NULL,
	"channel" text NOT NULL,
	"receipt_code" text NOT NULL,
	"receipt_expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declarations_kind_check" CHECK ("declarations"."kind" in ('domestic', 'entry')),
	CONSTRAINT "declarations_risk_check" CHECK ("declarations"."risk_level" in ('low', 'moderate', 'high')),
	CONSTRAINT "declarations_birth_year_check" CHECK ("declarations"."birth_year" between 1900 and 2100)
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"manager_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_members_manager_id_member_id_pk" PRIMARY KEY("manager_id","member_id"),
	CONSTRAINT "household_members_not_self_check" CHECK ("household_members"."manager_id" <> "household_members"."member_id")
);
--> statement-breakpoint
CREATE TABLE "monitoring_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ward_code" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" text NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_cases_kind_check" CHECK ("monitoring_cases"."kind" in ('F0', 'F1')),
	CONSTRAINT "monitoring_cases_status_check" CHECK ("monitoring_cases"."status" in ('active', 'ended')),
	CONSTRAINT "monitoring_cases_dates_check" CHECK ("monitoring_cases"."end_date" >= "monitoring_cases"."start_date")
);
--> statement-breakpoint
CREATE TABLE "monitoring_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"check_date" date NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"missed_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"temperature" numeric(3, 1),
	"spo2" smallint,
	"breathing_difficulty" boolean,
	"chest_pain" boolean,
	"other_symptoms" text,
	"alert_level" text,
	"alert_reasons" text[],
	CONSTRAINT "monitoring_checks_alert_check" CHECK ("monitoring_checks"."alert_level" in ('none', 'warning', 'emergency'))
);
--> statement-breakpoint
CREATE TABLE "ward_staff_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ward_code" text NOT NULL,
	"name" text NOT NULL,
	"person_id" uuid,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ward_staff_target_check" CHECK (("ward_staff_subscriptions"."person_id" is null) <> ("ward_staff_subscriptions"."phone" is null))
);
--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_declared_by_people_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_manager_id_people_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_member_id_people_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_cases" ADD CONSTRAINT "monitoring_cases_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_checks" ADD CONSTRAINT "monitoring_checks_case_id_monitoring_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."monitoring_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_staff_subscriptions" ADD CONSTRAINT "ward_staff_subscriptions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_receipt_code_key" ON "declarations" USING btree ("receipt_code");--> statement-breakpoint
CREATE INDEX "declarations_person_created_idx" ON "declarations" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "declarations_ward_created_idx" ON "declarations" USING btree ("ward_code","created_at","id");--> statement-breakpoint
CREATE INDEX "declarations_created_idx" ON "declarations" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_cases_active_person_key" ON "monitoring_cases" USING btree ("person_id") WHERE "monitoring_cases"."status" = 'active';--> statement-breakpoint
CREATE INDEX "monitoring_cases_ward_idx" ON "monitoring_cases" USING btree ("ward_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_checks_case_date_key" ON "monitoring_checks" USING btree ("case_id","check_date");--> statement-breakpoint
CREATE UNIQUE INDEX "ward_staff_ward_person_key" ON "ward_staff_subscriptions" USING btree ("ward_code","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ward_staff_ward_phone_key" ON "ward_staff_subscriptions" USING btree ("ward_code","phone");