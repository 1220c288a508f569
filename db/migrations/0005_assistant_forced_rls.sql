-- Custom SQL migration file, put your code below! --
-- The assistant's tables are tenant data like every other: FORCE makes row-level security
-- apply to the owner too (drizzle-kit can enable RLS but not force it).
ALTER TABLE assistant_profiles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE assistant_prompts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE faqs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversation_memory FORCE ROW LEVEL SECURITY;
