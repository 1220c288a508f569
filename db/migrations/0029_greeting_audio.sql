CREATE TABLE "greeting_audio" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"greeting_text" text NOT NULL,
	"voice" text NOT NULL,
	"model" text NOT NULL,
	"audio" "bytea" NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "greeting_audio" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "greeting_audio" ADD CONSTRAINT "greeting_audio_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "greeting_audio_tenant_isolation" ON "greeting_audio" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');