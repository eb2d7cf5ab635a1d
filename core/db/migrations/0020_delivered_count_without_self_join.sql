-- A receipt's count in the progress ledger, without joining the statement's old rows to its new ones: transition
-- tables have no index, and the plan PL/pgSQL kept from statements of one row joined them in a nested loop — a
-- statement applying 4,000 receipts together compared 16 million pairs and ran ten times slower than 4,000 statements.
-- Net moves instead, as count_updated_deliveries does: +1 for each row now delivered, -1 for each that was.
CREATE OR REPLACE FUNCTION "count_delivered_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "campaign_progress_counts" ("campaign_id", "status", "channel", "n")
  SELECT "deliveries"."campaign_id", 'delivered', coalesce("deliveries"."channel", ''), sum("moves"."n")
  FROM (
    SELECT "id", "delivery_id", 1 AS "n" FROM "updated" WHERE "status" = 'delivered'
    UNION ALL
    SELECT "id", "delivery_id", -1 FROM "previous" WHERE "status" = 'delivered'
  ) "moves"
  JOIN "deliveries" ON "deliveries"."id" = "moves"."delivery_id" AND "deliveries"."message_id" = "moves"."id"
  GROUP BY 1, 3 HAVING sum("moves"."n") <> 0;
  RETURN NULL;
END $$;
