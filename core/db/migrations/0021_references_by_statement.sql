ALTER TABLE "channel_identities" DROP CONSTRAINT "channel_identities_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_identity_id_channel_identities_id_fk";
--> statement-breakpoint
-- Written by hand from here (drizzle-kit does not track triggers): the three foreign keys a blast writes through by
-- the hundred thousand — channel_identities.person_id and deliveries.person_id -> people.id, messages.identity_id ->
-- channel_identities.id, each ON DELETE CASCADE — kept by triggers. A foreign key locks every row it names (FOR KEY
-- SHARE), so that it cannot be deleted before the naming row commits: for each message sent, a lock on its identity,
-- a WAL record and a dirtied page; they were a sixth of PostgreSQL's work a message (bench/blast). Here a statement
-- storing rows checks once, without a lock, that what they name exists, and the lock is taken the other way round:
-- a statement deleting people or identities locks the tables naming them in SHARE ROW EXCLUSIVE mode — it waits for
-- every transaction storing rows there and holds new ones back until it ends — before it deletes the rows that named
-- what it deleted, which it then sees however late they were stored. Deleting people or identities is rare (the
-- service itself never does); it must be done in READ COMMITTED, whose statements see what committed before them.
CREATE FUNCTION "reference_missing"("child" text, "constraint_name" text, "columns" text, "parent" text, "missing" text)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', "child", "constraint_name"
    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = "constraint_name", TABLE = "child",
          DETAIL = format('Key (%s)=(%s) is not present in table "%s".', "columns", "missing", "parent");
END $$;--> statement-breakpoint
-- In plain SQL, so each keeps its plan (PL/pgSQL compiles a trigger function once for each trigger): every statement
-- storing rows runs one. A lookup a row, whatever the number of rows (a lateral LIMIT 1 cannot become a scan of the
-- named table). The people check serves identities and deliveries alike. Argument: the constraint.
CREATE FUNCTION "check_inserted_people"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "missing" uuid;
BEGIN
  SELECT "inserted"."person_id" INTO "missing" FROM "inserted"
  LEFT JOIN LATERAL (SELECT true AS "found" FROM "people" WHERE "people"."id" = "inserted"."person_id" LIMIT 1) "p" ON true
  WHERE "p"."found" IS NULL LIMIT 1;
  IF FOUND THEN
    PERFORM "reference_missing"(TG_TABLE_NAME, TG_ARGV[0], 'person_id', 'people', "missing"::text);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "channel_identities_people_inserted" AFTER INSERT ON "channel_identities"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT
  EXECUTE FUNCTION "check_inserted_people"('channel_identities_person_id_people_id_fk');--> statement-breakpoint
CREATE TRIGGER "deliveries_people_inserted" AFTER INSERT ON "deliveries"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT
  EXECUTE FUNCTION "check_inserted_people"('deliveries_person_id_people_id_fk');--> statement-breakpoint
CREATE FUNCTION "messages_check_inserted_identities"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "missing" uuid;
BEGIN
  SELECT "inserted"."identity_id" INTO "missing" FROM "inserted"
  LEFT JOIN LATERAL (
    SELECT true AS "found" FROM "channel_identities" WHERE "channel_identities"."id" = "inserted"."identity_id" LIMIT 1
  ) "i" ON true
  WHERE "i"."found" IS NULL LIMIT 1;
  IF FOUND THEN
    PERFORM "reference_missing"('messages', 'messages_identity_id_channel_identities_id_fk', 'identity_id', 'channel_identities', "missing"::text);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "messages_identities_inserted" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "messages_check_inserted_identities"();--> statement-breakpoint
-- A row moved to another person or identity (people merged) is checked row by row: a trigger naming its column
-- cannot see the statement's rows. Arguments: the column, the table it names, the constraint.
CREATE FUNCTION "check_updated_reference"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "named" text := to_jsonb(NEW) ->> TG_ARGV[0];
  "found" boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE "id" = $1)', TG_ARGV[1]) INTO "found" USING "named"::uuid;
  IF NOT "found" THEN
    PERFORM "reference_missing"(TG_TABLE_NAME, TG_ARGV[2], TG_ARGV[0], TG_ARGV[1], "named");
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "channel_identities_person_moved" AFTER UPDATE OF "person_id" ON "channel_identities" FOR EACH ROW
  WHEN (OLD."person_id" IS DISTINCT FROM NEW."person_id")
  EXECUTE FUNCTION "check_updated_reference"('person_id', 'people', 'channel_identities_person_id_people_id_fk');--> statement-breakpoint
CREATE TRIGGER "deliveries_person_moved" AFTER UPDATE OF "person_id" ON "deliveries" FOR EACH ROW
  WHEN (OLD."person_id" IS DISTINCT FROM NEW."person_id")
  EXECUTE FUNCTION "check_updated_reference"('person_id', 'people', 'deliveries_person_id_people_id_fk');--> statement-breakpoint
CREATE TRIGGER "messages_identity_moved" AFTER UPDATE OF "identity_id" ON "messages" FOR EACH ROW
  WHEN (OLD."identity_id" IS DISTINCT FROM NEW."identity_id")
  EXECUTE FUNCTION "check_updated_reference"('identity_id', 'channel_identities', 'messages_identity_id_channel_identities_id_fk');--> statement-breakpoint
-- ON DELETE CASCADE, after the lock above. Arguments: the naming table, its column.
CREATE FUNCTION "delete_referencing_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'delete from "%" in a READ COMMITTED transaction: rows naming it stored meanwhile would be missed', TG_TABLE_NAME
      USING ERRCODE = 'feature_not_supported';
  END IF;
  EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', TG_ARGV[0]);
  EXECUTE format('DELETE FROM %I WHERE %I IN (SELECT "id" FROM "deleted")', TG_ARGV[0], TG_ARGV[1]);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "people_deleted_identities" AFTER DELETE ON "people"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT
  EXECUTE FUNCTION "delete_referencing_rows"('channel_identities', 'person_id');--> statement-breakpoint
CREATE TRIGGER "people_deleted_deliveries" AFTER DELETE ON "people"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT
  EXECUTE FUNCTION "delete_referencing_rows"('deliveries', 'person_id');--> statement-breakpoint
CREATE TRIGGER "channel_identities_deleted_messages" AFTER DELETE ON "channel_identities"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT
  EXECUTE FUNCTION "delete_referencing_rows"('messages', 'identity_id');--> statement-breakpoint
-- ON UPDATE NO ACTION: a key cannot change while rows name it. Arguments: the naming table, its column, the constraint.
CREATE FUNCTION "check_key_unreferenced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "named" boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1)', TG_ARGV[0], TG_ARGV[1]) INTO "named" USING OLD."id";
  IF "named" THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"', TG_TABLE_NAME, TG_ARGV[2], TG_ARGV[0]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[2], TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (id)=(%s) is still referenced from table "%s".', OLD."id", TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "people_id_updated_identities" AFTER UPDATE OF "id" ON "people" FOR EACH ROW
  WHEN (OLD."id" IS DISTINCT FROM NEW."id")
  EXECUTE FUNCTION "check_key_unreferenced"('channel_identities', 'person_id', 'channel_identities_person_id_people_id_fk');--> statement-breakpoint
CREATE TRIGGER "people_id_updated_deliveries" AFTER UPDATE OF "id" ON "people" FOR EACH ROW
  WHEN (OLD."id" IS DISTINCT FROM NEW."id")
  EXECUTE FUNCTION "check_key_unreferenced"('deliveries', 'person_id', 'deliveries_person_id_people_id_fk');--> statement-breakpoint
CREATE TRIGGER "channel_identities_id_updated" AFTER UPDATE OF "id" ON "channel_identities" FOR EACH ROW
  WHEN (OLD."id" IS DISTINCT FROM NEW."id")
  EXECUTE FUNCTION "check_key_unreferenced"('messages', 'identity_id', 'messages_identity_id_channel_identities_id_fk');
