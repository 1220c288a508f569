CREATE TABLE "call_hour_counts" (
	"business_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "call_hour_counts_business_id_hour_key_pk" PRIMARY KEY("business_id","hour","key")
);
--> statement-breakpoint
ALTER TABLE "call_hour_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_hour_counts" ADD CONSTRAINT "call_hour_counts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "call_hour_counts_tenant_isolation" ON "call_hour_counts" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');