ALTER TABLE "jobs" ADD COLUMN "for_session" text;--> statement-breakpoint
ALTER TABLE "whatsapp_channels" ADD COLUMN "pairing_qr" text;