CREATE TABLE "vaccination_followups" (
	"registration_id" uuid NOT NULL,
	"day" smallint NOT NULL,
	"reaction" text NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vaccination_followups_registration_id_day_pk" PRIMARY KEY("registration_id","day"),
	CONSTRAINT "vaccination_followups_reaction_check" CHECK ("vaccination_followups"."reaction" in ('none', 'mild', 'severe'))
);
--> statement-breakpoint
CREATE TABLE "vaccination_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"slot_id" uuid NOT NULL,
	"registrant_person_id" uuid NOT NULL,
	"for_self" boolean NOT NULL,
	"full_name" text NOT NULL,
	"birth_year" smallint NOT NULL,
	"id_hash" text NOT NULL,
	"id_cipher" text NOT NULL,
	"priority_group" text NOT NULL,
	"dose" smallint NOT NULL,
	"previous_vaccine" text,
	"status" text DEFAULT 'booked' NOT NULL,
	"done_at" timestamp with time zone,
	"reminders_dirty" boolean DEFAULT true NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vaccination_registrations_code_unique" UNIQUE("code"),
	CONSTRAINT "vaccination_registrations_status_check" CHECK ("vaccination_registrations"."status" in ('booked', 'cancelled', 'done', 'no_show')),
	CONSTRAINT "vaccination_registrations_dose_check" CHECK ("vaccination_registrations"."dose" between 1 and 4),
	CONSTRAINT "vaccination_registrations_birth_year_check" CHECK ("vaccination_registrations"."birth_year" between 1900 and 2100)
);
--> statement-breakpoint
CREATE TABLE "vaccination_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"ward_code" text NOT NULL,
	"contact_name" text,
	"contact_phone" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vaccination_sites_code_unique" UNIQUE("code"),
	CONSTRAINT "vaccination_sites_status_check" CHECK ("vaccination_sites"."status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "vaccination_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"vaccine" text NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vaccination_slots_booked_check" CHECK ("vaccination_slots"."booked" between 0 and "vaccination_slots"."capacity"),
	CONSTRAINT "vaccination_slots_window_check" CHECK ("vaccination_slots"."ends_at" > "vaccination_slots"."starts_at"),
	CONSTRAINT "vaccination_slots_status_check" CHECK ("vaccination_slots"."status" in ('open', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "vaccination_followups" ADD CONSTRAINT "vaccination_followups_registration_id_vaccination_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."vaccination_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_registrations" ADD CONSTRAINT "vaccination_registrations_slot_id_vaccination_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."vaccination_slots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_registrations" ADD CONSTRAINT "vaccination_registrations_registrant_person_id_people_id_fk" FOREIGN KEY ("registrant_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_slots" ADD CONSTRAINT "vaccination_slots_site_id_vaccination_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."vaccination_sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vaccination_registrations_person_dose_key" ON "vaccination_registrations" USING btree ("id_hash","dose") WHERE "vaccination_registrations"."status" in ('booked', 'done');--> statement-breakpoint
CREATE INDEX "vaccination_registrations_slot_idx" ON "vaccination_registrations" USING btree ("slot_id","status");--> statement-breakpoint
CREATE INDEX "vaccination_registrations_dirty_idx" ON "vaccination_registrations" USING btree ("id") WHERE "vaccination_registrations"."reminders_dirty";--> statement-breakpoint
CREATE INDEX "vaccination_registrations_registrant_idx" ON "vaccination_registrations" USING btree ("registrant_person_id","status");--> statement-breakpoint
CREATE INDEX "vaccination_sites_ward_idx" ON "vaccination_sites" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "vaccination_slots_site_starts_idx" ON "vaccination_slots" USING btree ("site_id","starts_at");