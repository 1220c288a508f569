DROP INDEX "calls_business_started_idx";--> statement-breakpoint
DROP INDEX "leads_business_created_idx";--> statement-breakpoint
DROP INDEX "notifications_user_created_idx";--> statement-breakpoint
CREATE INDEX "jobs_done_finished_idx" ON "jobs" USING btree ("finished_at") WHERE "jobs"."status" = 'done';--> statement-breakpoint
CREATE INDEX "lead_notes_body_trgm_idx" ON "lead_notes" USING gin ("body" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_name_trgm_idx" ON "leads" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_email_trgm_idx" ON "leads" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_phone_trgm_idx" ON "leads" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "notifications_business_read_idx" ON "notifications" USING btree ("business_id","read_at") WHERE "notifications"."read_at" is not null;--> statement-breakpoint
CREATE INDEX "outbox_messages_business_created_idx" ON "outbox_messages" USING btree ("business_id","created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_messages_business_status_idx" ON "outbox_messages" USING btree ("business_id","status","created_at");--> statement-breakpoint
CREATE INDEX "outbox_messages_sent_payload_idx" ON "outbox_messages" USING btree ("business_id","sent_at") WHERE "outbox_messages"."status" = 'sent' and "outbox_messages"."template_params" is not null;--> statement-breakpoint
CREATE INDEX "inbound_messages_business_received_idx" ON "inbound_messages" USING btree ("business_id","received_at","id");--> statement-breakpoint
CREATE INDEX "calls_business_started_idx" ON "calls" USING btree ("business_id","started_at","id");--> statement-breakpoint
CREATE INDEX "leads_business_created_idx" ON "leads" USING btree ("business_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at","id");