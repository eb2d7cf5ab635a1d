CREATE TABLE "campaign_recipients" (
	"campaign_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"phone" text NOT NULL,
	"params" jsonb,
	CONSTRAINT "campaign_recipients_campaign_id_row_no_pk" PRIMARY KEY("campaign_id","row_no")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"message" jsonb NOT NULL,
	"audience" jsonb NOT NULL,
	"channel_policy" text[] NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"approved_by" text,
	"send_after" timestamp with time zone,
	"fanout_cursor" text,
	"fanout_done" boolean DEFAULT false NOT NULL,
	"planned" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "campaigns_kind_check" CHECK ("campaigns"."kind" in ('exposure', 'area', 'reminder', 'information', 'results')),
	CONSTRAINT "campaigns_status_check" CHECK ("campaigns"."status" in ('pending_approval', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
	CONSTRAINT "campaigns_approver_check" CHECK ("campaigns"."approved_by" is null or "campaigns"."approved_by" <> "campaigns"."created_by")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"channel" text,
	"message_id" uuid,
	"tried_channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"segments" integer,
	"params" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_status_check" CHECK ("deliveries"."status" in ('pending', 'queued', 'sent', 'delivered', 'failed', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_campaign_person_key" ON "deliveries" USING btree ("campaign_id","person_id");--> statement-breakpoint
CREATE INDEX "deliveries_campaign_status_idx" ON "deliveries" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_message_key" ON "deliveries" USING btree ("message_id");