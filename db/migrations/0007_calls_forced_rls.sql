-- Custom SQL migration file, put your code below! --
-- Call records, recordings and call settings are tenant data like every other: FORCE makes
-- row-level security apply to the owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE calls FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE call_recordings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE call_settings FORCE ROW LEVEL SECURITY;
