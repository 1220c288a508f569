-- Custom SQL migration file, put your code below! --
-- Tasks, notifications, jobs, reminders, the outbox, payments and contracts are tenant data
-- like every other table: FORCE makes row-level security apply to the owner too
-- (drizzle-kit can enable RLS but not force it). Jobs without a business are visible only
-- in the system scope, where the runner claims them.
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE reminder_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outbox_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE payments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contracts FORCE ROW LEVEL SECURITY;
