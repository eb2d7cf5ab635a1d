CREATE TABLE "campaign_recipient_chunks" (
	"campaign_id" uuid NOT NULL,
	"first_row" integer NOT NULL,
	"recipients" jsonb NOT NULL,
	CONSTRAINT "campaign_recipient_chunks_campaign_id_first_row_pk" PRIMARY KEY("campaign_id","first_row")
);
--> statement-breakpoint
ALTER TABLE "campaign_recipient_chunks" ADD CONSTRAINT "campaign_recipient_chunks_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Lists uploaded before chunks: row numbers run from 1 without gaps, so rows k*2000+1 .. (k+1)*2000 are chunk k
-- (2000 is RECIPIENT_CHUNK_ROWS in schema.ts).
INSERT INTO "campaign_recipient_chunks" ("campaign_id", "first_row", "recipients")
SELECT "campaign_id", (("row_no" - 1) / 2000) * 2000 + 1,
       jsonb_agg(jsonb_build_object('phone', "phone", 'params', "params") ORDER BY "row_no")
FROM "campaign_recipients"
GROUP BY "campaign_id", ("row_no" - 1) / 2000;
