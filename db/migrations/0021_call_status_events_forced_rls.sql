-- Custom SQL migration file, put your code below! --
-- What Twilio reported about a business's calls is tenant data: FORCE makes row-level
-- security apply to the owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE call_status_events FORCE ROW LEVEL SECURITY;
