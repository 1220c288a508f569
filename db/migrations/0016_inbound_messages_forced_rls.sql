-- Custom SQL migration file, put your code below! --
-- Customers' incoming messages are tenant data: FORCE makes row-level security apply to the
-- owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE inbound_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Messages queued before outbox rows carried their lead: found by the lead's phone. The
-- system scope (transaction-local; migrations run in one transaction) sees every business.
SELECT set_config('app.scope', 'system', true);
--> statement-breakpoint
UPDATE outbox_messages o SET lead_id = l.id FROM leads l
WHERE o.lead_id IS NULL AND l.business_id = o.business_id AND l.phone = o.to_phone;
