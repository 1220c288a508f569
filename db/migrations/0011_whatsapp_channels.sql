CREATE TABLE "whatsapp_auth_keys" (
	"business_id" uuid NOT NULL,
	"type" text NOT NULL,
	"key_id" text NOT NULL,
	"value_sealed" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_auth_keys_business_id_type_key_id_pk" PRIMARY KEY("business_id","type","key_id")
);
--> statement-breakpoint
ALTER TABLE "whatsapp_auth_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "whatsapp_channels" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"status" text DEFAULT 'not_connected' NOT NULL,
	"status_reason" text,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"phone_number" text,
	"meta_phone_number_id" text,
	"meta_access_token_sealed" text,
	"meta_reminder_template" text,
	"meta_template_language" text DEFAULT 'he' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_channels_status_known" CHECK ("whatsapp_channels"."status" in ('not_connected', 'pairing', 'connected', 'disconnected')),
	CONSTRAINT "whatsapp_channels_meta_complete" CHECK ("whatsapp_channels"."provider" <> 'meta' or ("whatsapp_channels"."meta_phone_number_id" is not null and "whatsapp_channels"."meta_access_token_sealed" is not null))
);
--> statement-breakpoint
ALTER TABLE "whatsapp_channels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "template_params" jsonb;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "whatsapp_auth_keys" ADD CONSTRAINT "whatsapp_auth_keys_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_channels" ADD CONSTRAINT "whatsapp_channels_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_channels_meta_phone_number_id" ON "whatsapp_channels" USING btree ("meta_phone_number_id");--> statement-breakpoint
CREATE POLICY "whatsapp_auth_keys_tenant_isolation" ON "whatsapp_auth_keys" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "whatsapp_channels_tenant_isolation" ON "whatsapp_channels" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');