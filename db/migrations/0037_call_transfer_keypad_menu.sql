ALTER TABLE "call_settings" ADD COLUMN "transfer_number" text;--> statement-breakpoint
ALTER TABLE "call_settings" ADD COLUMN "warm_transfer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "call_settings" ADD COLUMN "keypad_menu" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "call_settings" ADD CONSTRAINT "call_settings_keypad_menu_array" CHECK (jsonb_typeof("call_settings"."keypad_menu") = 'array');