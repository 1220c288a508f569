ALTER TABLE "call_recordings" ADD COLUMN "status" text DEFAULT 'complete' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_recordings" ADD COLUMN "missing_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_recordings" ADD CONSTRAINT "call_recordings_status" CHECK ("call_recordings"."status" IN ('complete', 'partial', 'lost'));