CREATE TABLE "whatsapp_inbox_settings" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"templates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ai_resume_after_minutes" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "whatsapp_inbox_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "whatsapp_inbox_settings" ADD CONSTRAINT "whatsapp_inbox_settings_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_channels" DROP COLUMN "meta_templates";--> statement-breakpoint
ALTER TABLE "whatsapp_channels" DROP COLUMN "ai_resume_after_minutes";--> statement-breakpoint
CREATE POLICY "whatsapp_inbox_settings_tenant_isolation" ON "whatsapp_inbox_settings" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');