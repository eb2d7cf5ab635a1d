-- The foreign keys kept by triggers (0021) are not seen by TRUNCATE, which fires no delete trigger: a foreign key
-- refuses to truncate the table it names unless the naming tables go in the same statement (or CASCADE names them).
-- The same promise here: a truncate that leaves rows naming what it removed is refused, and rolled back with them.
-- Arguments: the naming table, its column. Checked after the statement, when every table it truncated is empty.
CREATE FUNCTION "refuse_orphaning_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "orphaned" boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_ARGV[0]) INTO "orphaned";
  IF "orphaned" THEN
    RAISE EXCEPTION 'cannot truncate "%" while rows of "%" name it (%): truncate them in the same statement', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "people_truncated_identities" AFTER TRUNCATE ON "people"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_orphaning_truncate"('channel_identities', 'person_id');--> statement-breakpoint
CREATE TRIGGER "people_truncated_deliveries" AFTER TRUNCATE ON "people"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_orphaning_truncate"('deliveries', 'person_id');--> statement-breakpoint
CREATE TRIGGER "channel_identities_truncated_messages" AFTER TRUNCATE ON "channel_identities"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_orphaning_truncate"('messages', 'identity_id');
