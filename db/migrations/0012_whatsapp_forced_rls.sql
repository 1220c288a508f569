-- Custom SQL migration file, put your code below! --
-- A business's WhatsApp channel and its Baileys keys are tenant data: FORCE makes row-level
-- security apply to the owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE whatsapp_channels FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE whatsapp_auth_keys FORCE ROW LEVEL SECURITY;
