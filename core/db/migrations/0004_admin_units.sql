CREATE TABLE "admin_units" (
	"code" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admin_units_level_check" CHECK ("admin_units"."level" in ('province', 'district', 'ward'))
);
--> statement-breakpoint
ALTER TABLE "admin_units" ADD CONSTRAINT "admin_units_parent_code_admin_units_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."admin_units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_units_parent_idx" ON "admin_units" USING btree ("parent_code");