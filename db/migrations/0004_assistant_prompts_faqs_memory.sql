CREATE TABLE "assistant_profiles" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"assistant_name" text NOT NULL,
	"introduction" text NOT NULL,
	"greeting" text NOT NULL,
	"voice" text NOT NULL,
	"persona" text NOT NULL,
	"language" text NOT NULL,
	"address" text NOT NULL,
	"hours_text" text NOT NULL,
	"services" text NOT NULL,
	"prices" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistant_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assistant_prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"copied_from" integer,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_prompts_business_channel_version" UNIQUE("business_id","channel","version"),
	CONSTRAINT "assistant_prompts_version_positive" CHECK ("assistant_prompts"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "assistant_prompts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "conversation_memory" (
	"business_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"turns" jsonb NOT NULL,
	"summary" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_memory_business_id_phone_pk" PRIMARY KEY("business_id","phone")
);
--> statement-breakpoint
ALTER TABLE "conversation_memory" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "faqs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"channels" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "faqs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assistant_profiles" ADD CONSTRAINT "assistant_profiles_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_profiles" ADD CONSTRAINT "assistant_profiles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_prompts" ADD CONSTRAINT "assistant_prompts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_prompts" ADD CONSTRAINT "assistant_prompts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_memory" ADD CONSTRAINT "conversation_memory_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faqs" ADD CONSTRAINT "faqs_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "faqs_business_idx" ON "faqs" USING btree ("business_id","created_at");--> statement-breakpoint
CREATE POLICY "assistant_profiles_tenant_isolation" ON "assistant_profiles" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "assistant_prompts_tenant_isolation" ON "assistant_prompts" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "conversation_memory_tenant_isolation" ON "conversation_memory" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "faqs_tenant_isolation" ON "faqs" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');