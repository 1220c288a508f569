ALTER TABLE "assistant_prompts" ADD COLUMN "author_name" text;--> statement-breakpoint
-- Names for the versions saved before the column existed. Row-level security is forced on
-- the owner too: the system scope (transaction-local; migrations run in one transaction)
-- lets the backfill see every business's rows.
SELECT set_config('app.scope', 'system', true);
--> statement-breakpoint
UPDATE assistant_prompts p SET author_name = u.name FROM users u WHERE u.id = p.author_id AND p.author_name IS NULL;
