-- Custom SQL migration file, put your code below! ---- A business's call tokens are tenant data: FORCE makes row-level security apply to the
-- owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE call_tokens FORCE ROW LEVEL SECURITY;
