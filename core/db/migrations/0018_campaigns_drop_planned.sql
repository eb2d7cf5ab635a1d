-- How many a campaign planned is the progress ledger's sum; the count kept on the campaign row was written by every
-- page of a fan-out, whose side-by-side pages then queued on that row's lock at each commit.
ALTER TABLE "campaigns" DROP COLUMN "planned";
