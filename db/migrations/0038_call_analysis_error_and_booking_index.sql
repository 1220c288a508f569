ALTER TABLE "calls" ADD COLUMN "analysis_error" text;--> statement-breakpoint
CREATE INDEX "appointments_business_created_idx" ON "appointments" USING btree ("business_id","created_at");