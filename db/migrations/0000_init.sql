CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid,
	"actor_user_id" uuid,
	"actor_email" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"user_agent" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "business_phone_numbers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_phone_numbers_e164_unique" UNIQUE("e164")
);
--> statement-breakpoint
ALTER TABLE "business_phone_numbers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "businesses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'Asia/Jerusalem' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"features" jsonb DEFAULT '{"payments":false,"contracts":false}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "businesses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"token_version" integer DEFAULT 0 NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_business_matches_role" CHECK (("users"."role" = 'system_admin') = ("users"."business_id" IS NULL)),
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "business_phone_numbers" ADD CONSTRAINT "business_phone_numbers_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_business_created_idx" ON "audit_log" USING btree ("business_id","created_at");--> statement-breakpoint
CREATE INDEX "business_phone_numbers_business_idx" ON "business_phone_numbers" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "users_business_idx" ON "users" USING btree ("business_id");--> statement-breakpoint
CREATE POLICY "audit_log_tenant_isolation" ON "audit_log" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "business_phone_numbers_tenant_isolation" ON "business_phone_numbers" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "businesses_tenant_isolation" ON "businesses" AS PERMISSIVE FOR ALL TO public USING (id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');--> statement-breakpoint
CREATE POLICY "users_tenant_isolation" ON "users" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');