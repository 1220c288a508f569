CREATE TABLE "call_tokens" (
	"call_sid" text PRIMARY KEY NOT NULL,
	"business_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"redeemed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_tokens" ADD CONSTRAINT "call_tokens_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_tokens_expires_idx" ON "call_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "call_tokens_business_idx" ON "call_tokens" USING btree ("business_id");--> statement-breakpoint
CREATE POLICY "call_tokens_tenant_isolation" ON "call_tokens" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');