CREATE TABLE "handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identity_id" uuid NOT NULL,
	"ward_code" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"waiting_for_staff" boolean DEFAULT true NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handovers_status_check" CHECK ("handovers"."status" in ('open', 'closed')),
	CONSTRAINT "handovers_closed_check" CHECK (("handovers"."status" = 'closed') = ("handovers"."closed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_identity_id_channel_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."channel_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "handovers_one_open_per_identity" ON "handovers" USING btree ("identity_id") WHERE "handovers"."status" = 'open';--> statement-breakpoint
CREATE INDEX "handovers_ward_status_idx" ON "handovers" USING btree ("ward_code","status","last_message_at");--> statement-breakpoint
CREATE INDEX "handovers_updated_idx" ON "handovers" USING btree ("updated_at");