ALTER TABLE "calls" ADD COLUMN "direction" text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "analysis_status" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "analysis" jsonb;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "summary" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "recording_deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "calls_summary_trgm_idx" ON "calls" USING gin ("summary" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "calls_from_trgm_idx" ON "calls" USING gin ("from_number" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_direction" CHECK ("calls"."direction" IN ('inbound', 'outbound', 'browser'));--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_analysis_status" CHECK ("calls"."analysis_status" IS NULL OR "calls"."analysis_status" IN ('pending', 'done', 'failed'));