CREATE TABLE "campaign_progress_counts" (
	"campaign_id" uuid NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_progress_counts" ADD CONSTRAINT "campaign_progress_counts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_progress_counts_campaign_idx" ON "campaign_progress_counts" USING btree ("campaign_id");--> statement-breakpoint
-- Written by hand from here (drizzle-kit does not track triggers). Statement-level: one ledger row per (campaign,
-- status, channel) a statement changed, whatever its number of rows.
CREATE FUNCTION "count_inserted_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
  SELECT "campaign_id", "status", coalesce("channel", ''), count(*) FROM "inserted" GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "deliveries_count_inserted" AFTER INSERT ON "deliveries"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "count_inserted_deliveries"();--> statement-breakpoint
CREATE FUNCTION "count_updated_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
  SELECT "campaign_id", "status", "channel", sum("n") FROM (
    SELECT "campaign_id", "status", coalesce("channel", '') AS "channel", 1 AS "n" FROM "updated"
    UNION ALL
    SELECT "campaign_id", "status", coalesce("channel", ''), -1 FROM "previous"
  ) "moves" GROUP BY 1, 2, 3 HAVING sum("n") <> 0;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "deliveries_count_updated" AFTER UPDATE ON "deliveries"
  REFERENCING OLD TABLE AS "previous" NEW TABLE AS "updated" FOR EACH STATEMENT
  EXECUTE FUNCTION "count_updated_deliveries"();--> statement-breakpoint
-- A person deleted takes their deliveries; a campaign deleted takes its ledger too (nothing to count against).
CREATE FUNCTION "count_deleted_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
  SELECT "campaign_id", "status", coalesce("channel", ''), -count(*) FROM "deleted"
  WHERE EXISTS (SELECT 1 FROM "campaigns" WHERE "campaigns"."id" = "deleted"."campaign_id")
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "deliveries_count_deleted" AFTER DELETE ON "deliveries"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT EXECUTE FUNCTION "count_deleted_deliveries"();--> statement-breakpoint
-- A receipt: the sent delivery whose message this is now reads "delivered" (the reader takes it off "sent").
CREATE FUNCTION "count_delivered_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
  SELECT "deliveries"."campaign_id", 'delivered', coalesce("deliveries"."channel", ''), count(*)
  FROM "updated"
  JOIN "previous" ON "previous"."id" = "updated"."id"
  JOIN "deliveries" ON "deliveries"."id" = "updated"."delivery_id" AND "deliveries"."message_id" = "updated"."id"
  WHERE "updated"."status" = 'delivered' AND "previous"."status" <> 'delivered'
  GROUP BY 1, 3;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "messages_count_delivered" AFTER UPDATE ON "messages"
  REFERENCING OLD TABLE AS "previous" NEW TABLE AS "updated" FOR EACH STATEMENT
  EXECUTE FUNCTION "count_delivered_messages"();--> statement-breakpoint
-- The campaigns already there, counted once.
INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
SELECT "campaign_id", "status", coalesce("channel", ''), count(*) FROM "deliveries" GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
SELECT "deliveries"."campaign_id", 'delivered', coalesce("deliveries"."channel", ''), count(*)
FROM "deliveries" JOIN "messages" ON "messages"."id" = "deliveries"."message_id"
WHERE "messages"."status" = 'delivered' GROUP BY 1, 3;
