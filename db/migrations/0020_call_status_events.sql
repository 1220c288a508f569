CREATE TABLE "call_status_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"call_sid" text NOT NULL,
	"leg" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"sequence_number" integer,
	"duration_seconds" integer,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_status_events_once" UNIQUE("call_sid","status"),
	CONSTRAINT "call_status_events_status_known" CHECK (status IN ('queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled')),
	CONSTRAINT "call_status_events_leg_known" CHECK ("call_status_events"."leg" IN ('caller', 'transfer')),
	CONSTRAINT "call_status_events_source_known" CHECK ("call_status_events"."source" IN ('voice_webhook', 'status_callback', 'dial_action'))
);
--> statement-breakpoint
ALTER TABLE "call_status_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_status_events" ADD CONSTRAINT "call_status_events_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_status_events" ADD CONSTRAINT "call_status_events_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_status_events_call_idx" ON "call_status_events" USING btree ("call_id","occurred_at");--> statement-breakpoint
CREATE POLICY "call_status_events_tenant_isolation" ON "call_status_events" AS PERMISSIVE FOR ALL TO public USING (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system') WITH CHECK (business_id = NULLIF(current_setting('app.business_id', true), '')::uuid OR current_setting('app.scope', true) = 'system');