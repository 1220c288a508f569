-- Custom SQL migration file, put your code below! --
-- Webhook endpoints, their deliveries and API keys are tenant data: FORCE makes row-level
-- security apply to the owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
