-- Custom SQL migration file, put your code below! --
-- A business's greeting audio is tenant data: FORCE makes row-level security apply to the
-- owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE greeting_audio FORCE ROW LEVEL SECURITY;
