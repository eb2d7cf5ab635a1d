-- Written by hand (drizzle-kit does not track storage). An uploaded list's chunks are stored out of line but not
-- compressed: the API writes a million-phone list as 500 chunks of about 100 kB, and the fan-out reads each twice;
-- compressing and decompressing them cost more than the 2-3x disk they save.
ALTER TABLE "campaign_recipient_chunks" ALTER COLUMN "recipients" SET STORAGE EXTERNAL;
