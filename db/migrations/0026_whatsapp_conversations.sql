CREATE TABLE "whatsapp_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"contact_phone" text,
	"contact_user_id" text,
	"group_id" text,
	"contact_name" text,
	"lead_id" uuid,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_message_preview" text,
	"last_direction" text,
	"last_inbound_at" timestamp with time zone,
	"ai_state" text DEFAULT 'on' NOT NULL,
	"ai_changed_at" timestamp with time zone,
	"ai_changed_by_user_id" uuid,
	"ai_changed_by_name" text,
	"ai_reason" text,
	"ai_resume_at" timestamp with time zone,
	"needs_human" boolean DEFAULT false NOT NULL,
	"needs_human_reason" text,
	"needs_human_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_conversations_ai_state_known" CHECK ("whatsapp_conversations"."ai_state" in ('on', 'paused')),
	CONSTRAINT "whatsapp_conversations_has_contact" CHECK ("whatsapp_conversations"."contact_phone" is not null or "whatsapp_conversations"."contact_user_id" is not null or "whatsapp_conversations"."group_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "whatsapp_conversations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "inbound_messages" ALTER COLUMN "from_phone" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "sender_user_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "sender_name" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "template_name" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "template_language" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "from_user_id" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "sender_name" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "kind" text DEFAULT 'text' NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "media_key" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "media_mime" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "media_bytes" integer;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "media_status" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "transcript" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "transcript_status" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "handling" text DEFAULT 'assistant' NOT NULL;--> statement-breakpoint
ALTER TABLE "whatsapp_channels" ADD COLUMN "meta_templates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "whatsapp_channels" ADD COLUMN "ai_resume_after_minutes" integer DEFAULT 60;--> statement-breakpoint
ALTER TABLE "whatsapp_conversations" ADD CONSTRAINT "whatsapp_conversations_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_conversations" ADD CONSTRAINT "whatsapp_conversations_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_conversations_phone" ON "whatsapp_conversations" USING btree ("business_id","contact_phone") WHERE "whatsapp_conversations"."contact_phone" is not null and "whatsapp_conversations"."group_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_conversations_user" ON "whatsapp_conversations" USING btree ("business_id","contact_user_id") WHERE "whatsapp_conversations"."contact_user_id" is not null and "whatsapp_conversations"."group_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_conversations_group" ON "whatsapp_conversations" USING btree ("business_id","group_id") WHERE "whatsapp_conversations"."group_id" is not null;--> statement-breakpoint
CREATE INDEX "whatsapp_conversations_recent_idx" ON "whatsapp_conversations" USING btree ("business_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "whatsapp_conversations_lead_idx" ON "whatsapp_conversations" USING btree ("lead_id");--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_conversation_id_whatsapp_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."whatsapp_conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_conversation_id_whatsapp_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."whatsapp_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_messages_conversation_idx" ON "outbox_messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_conversation_idx" ON "inbound_messages" USING btree ("conversation_id","received_at");--> statement-breakpoint
CREATE POLICY "whatsapp_conversations_tenant_isolation" ON "whatsapp_conversations" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');