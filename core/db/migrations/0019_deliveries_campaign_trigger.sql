ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_campaign_id_campaigns_id_fk";
--> statement-breakpoint
-- Written by hand from here (drizzle-kit does not track triggers): the foreign key deliveries.campaign_id ->
-- campaigns.id, kept per statement rather than per row. A planned page's rows all name one campaign, and the foreign
-- key locked its row again for each of them — with two pages planned side by side, a lock two transactions share,
-- the costliest check of a blast's plan. Each statement now locks each campaign it names once, FOR KEY SHARE as the
-- foreign key did (so it cannot be deleted until the transaction ends), and a row naming none is refused with the
-- foreign key's own error (23503) and name.
CREATE FUNCTION "deliveries_campaign_missing"("missing" uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'insert or update on table "deliveries" violates foreign key constraint "deliveries_campaign_id_campaigns_id_fk"'
    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'deliveries_campaign_id_campaigns_id_fk', TABLE = 'deliveries',
          DETAIL = format('Key (campaign_id)=(%s) is not present in table "campaigns".', "missing");
END $$;--> statement-breakpoint
CREATE FUNCTION "deliveries_check_inserted_campaigns"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "missing" uuid;
BEGIN
  WITH "named" AS (SELECT DISTINCT "campaign_id" AS "id" FROM "inserted"),
  "locked" AS (
    SELECT "campaigns"."id" FROM "campaigns" WHERE "campaigns"."id" IN (SELECT "id" FROM "named")
    ORDER BY "campaigns"."id" FOR KEY SHARE OF "campaigns")
  SELECT "named"."id" INTO "missing" FROM "named" WHERE "named"."id" NOT IN (SELECT "id" FROM "locked") LIMIT 1;
  IF "missing" IS NOT NULL THEN
    PERFORM "deliveries_campaign_missing"("missing");
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "deliveries_campaign_inserted" AFTER INSERT ON "deliveries"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "deliveries_check_inserted_campaigns"();--> statement-breakpoint
-- No statement moves a delivery to another campaign; one that did is checked row by row (a trigger naming its column
-- cannot see the statement's rows).
CREATE FUNCTION "deliveries_check_moved_campaign"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "campaigns" WHERE "id" = NEW."campaign_id" FOR KEY SHARE;
  IF NOT FOUND THEN
    PERFORM "deliveries_campaign_missing"(NEW."campaign_id");
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "deliveries_campaign_moved" AFTER UPDATE OF "campaign_id" ON "deliveries" FOR EACH ROW
  WHEN (OLD."campaign_id" IS DISTINCT FROM NEW."campaign_id")
  EXECUTE FUNCTION "deliveries_check_moved_campaign"();--> statement-breakpoint
-- ON DELETE CASCADE: a campaign deleted takes its deliveries.
CREATE FUNCTION "campaigns_delete_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "deliveries" WHERE "campaign_id" IN (SELECT "id" FROM "deleted");
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "campaigns_deleted" AFTER DELETE ON "campaigns"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT EXECUTE FUNCTION "campaigns_delete_deliveries"();--> statement-breakpoint
-- ON UPDATE NO ACTION: a campaign's id cannot change while deliveries name it.
CREATE FUNCTION "campaigns_check_id_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "deliveries" WHERE "campaign_id" = OLD."id") THEN
    RAISE EXCEPTION 'update or delete on table "campaigns" violates foreign key constraint "deliveries_campaign_id_campaigns_id_fk" on table "deliveries"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'deliveries_campaign_id_campaigns_id_fk', TABLE = 'campaigns',
            DETAIL = format('Key (id)=(%s) is still referenced from table "deliveries".', OLD."id");
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "campaigns_id_updated" AFTER UPDATE OF "id" ON "campaigns" FOR EACH ROW
  WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "campaigns_check_id_kept"();
