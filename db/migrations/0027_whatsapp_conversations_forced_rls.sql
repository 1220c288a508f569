-- Custom SQL migration file, put your code below! ---- Conversations are tenant data: FORCE makes row-level security apply to the owner too
-- (drizzle-kit can enable RLS but not force it).
ALTER TABLE whatsapp_conversations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Messages recorded before conversations existed: one conversation per sender's number, in
-- the system scope (transaction-local; migrations run in one transaction).
SELECT set_config('app.scope', 'system', true);
--> statement-breakpoint
INSERT INTO whatsapp_conversations (business_id, provider, contact_phone, lead_id, last_message_at, last_inbound_at, last_direction)
SELECT DISTINCT ON (business_id, from_phone) business_id, provider, from_phone, lead_id, received_at, received_at, 'in'
FROM inbound_messages WHERE from_phone IS NOT NULL
ORDER BY business_id, from_phone, received_at DESC;
--> statement-breakpoint
UPDATE inbound_messages m SET conversation_id = c.id FROM whatsapp_conversations c
WHERE m.conversation_id IS NULL AND c.business_id = m.business_id AND c.contact_phone = m.from_phone AND c.group_id IS NULL;
--> statement-breakpoint
UPDATE outbox_messages o SET conversation_id = c.id FROM whatsapp_conversations c
WHERE o.conversation_id IS NULL AND c.business_id = o.business_id AND c.contact_phone = o.to_phone AND c.group_id IS NULL;
