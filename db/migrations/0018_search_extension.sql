-- Custom SQL migration file, put your code below! --
-- The lead search reads names, emails, phones and notes through trigram (GIN) indexes:
-- ILIKE '%…%' and LIKE '%digits%' can use them, Hebrew included (db/schema/leads.ts).
-- pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner that runs the
-- migrations creates it without being a superuser; PGlite loads it as a contrib extension.
-- drizzle-kit cannot express extensions, hence this file, ahead of the indexes using it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Row-level security makes every policy a security barrier: a condition of the query may
-- become an index condition only if its function is LEAKPROOF, and LIKE/ILIKE are not
-- marked so, which leaves every trigram index unused (a sequential scan of 200,000 leads
-- per search). They reveal nothing of the row's text but whether it matches: their only
-- errors are about the pattern (a trailing escape character), which is the searcher's own
-- input. Marking them needs a superuser (PGlite's and the tests' owner is one); without
-- one the search stays correct, only unindexed, and this says so.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;
    ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;
  ELSE
    RAISE WARNING 'prosaas: LIKE/ILIKE are not LEAKPROOF here (needs a superuser: ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF; and the same for textlike), so under row-level security the lead search cannot use its trigram indexes';
  END IF;
END
$$;
