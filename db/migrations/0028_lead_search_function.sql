-- Custom SQL migration file, put your code below! --
-- The lead search through its trigram indexes without a superuser (docs/data-at-scale.md).
-- Under row-level security a query's ILIKE/LIKE can be an index condition only if it is
-- LEAKPROOF, which only a superuser can grant (0018 does when it can). Instead the search
-- runs in prosaas_search.lead_ids(), SECURITY DEFINER, owned by prosaas_search: a role
-- nobody logs in as, that may read only the searched columns of leads and lead_notes, and
-- that a permissive policy lets see their rows (its RLS condition folds to true, so the
-- trigram indexes serve its ILIKE). The function confines itself: it reads the tenant from
-- app.business_id (set by the request's transaction, never an argument), refuses any other
-- scope, and returns only ids of that business's leads. Only prosaas_app may call it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prosaas_search') THEN
    CREATE ROLE prosaas_search NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT pg_has_role(current_user, 'prosaas_search', 'MEMBER') THEN
    EXECUTE format('GRANT prosaas_search TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS prosaas_search AUTHORIZATION prosaas_search;
--> statement-breakpoint
REVOKE ALL ON SCHEMA prosaas_search FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA prosaas_search TO prosaas_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO prosaas_search;
--> statement-breakpoint
GRANT SELECT (id, business_id, name, email, phone, status_id, source, assignee_id, created_at) ON leads TO prosaas_search;
--> statement-breakpoint
GRANT SELECT (lead_id, business_id, body) ON lead_notes TO prosaas_search;
--> statement-breakpoint
CREATE POLICY leads_search_read ON leads AS PERMISSIVE FOR SELECT TO prosaas_search USING (true);
--> statement-breakpoint
CREATE POLICY lead_notes_search_read ON lead_notes AS PERMISSIVE FOR SELECT TO prosaas_search USING (true);
--> statement-breakpoint
-- The search's SQL (its parameters $1…$10 are lead_ids' USING list: business, pattern,
-- phone pattern, cursor, filters, limit, window). The business's leads whose name or email
-- holds `pattern` (an ILIKE pattern), whose phone holds `phone_pattern` (a LIKE pattern,
-- null when the text is not phone-like), or with a note holding `pattern`, filtered like
-- the list, newest first after the cursor, `lim` of them when given. Three shapes:
--  'index': a union of one branch per trigram index, each bounded by the page: its cost
--    grows with the number of matches (cheap for a rare word, not for a common one);
--  'walk': the newest $10 leads, each tested (its notes probed through lead_notes_lead_idx):
--    its cost grows with the window, whatever the word (cheap for a common word);
--  'boundary': the window's oldest lead, where 'index' takes over.
-- The planner cannot choose between them itself: under row-level security it may not
-- apply ILIKE to the column statistics, so it has no idea how common a word is.
CREATE FUNCTION prosaas_search.lead_ids_sql(
  mode text,
  phone_pattern text,
  after_at timestamptz,
  after_id uuid,
  lim integer,
  p_status_id uuid,
  p_source text,
  p_assignee_id uuid,
  p_unassigned boolean
) RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  base text := 'l.business_id = $1';
  page text := '';
  branches text[];
  q text;
BEGIN
  IF after_at IS NOT NULL AND after_id IS NOT NULL THEN
    base := base || ' AND (l.created_at, l.id) < ($4, $5)';
  END IF;
  IF p_status_id IS NOT NULL THEN base := base || ' AND l.status_id = $6'; END IF;
  IF p_source IS NOT NULL THEN base := base || ' AND l.source = $7'; END IF;
  IF p_unassigned THEN
    base := base || ' AND l.assignee_id IS NULL';
  ELSIF p_assignee_id IS NOT NULL THEN
    base := base || ' AND l.assignee_id = $8';
  END IF;
  IF mode = 'boundary' THEN
    RETURN 'SELECT l.created_at, l.id FROM public.leads l WHERE ' || base
      || ' ORDER BY l.created_at DESC, l.id DESC OFFSET $10 - 1 LIMIT 1';
  END IF;
  IF mode = 'walk' THEN
    RETURN 'SELECT l.id, l.created_at FROM (SELECT l.id, l.created_at, l.name, l.email, l.phone FROM public.leads l WHERE '
      || base || ' ORDER BY l.created_at DESC, l.id DESC LIMIT $10) l'
      || ' LEFT JOIN LATERAL (SELECT true AS hit FROM public.lead_notes n WHERE n.lead_id = l.id AND n.business_id = $1 AND n.body ILIKE $2 LIMIT 1) m ON true'
      || ' WHERE l.name ILIKE $2 OR l.email ILIKE $2'
      || CASE WHEN phone_pattern IS NOT NULL THEN ' OR l.phone LIKE $3' ELSE '' END
      || ' OR m.hit ORDER BY l.created_at DESC, l.id DESC LIMIT $9';
  END IF;
  IF lim IS NOT NULL THEN page := ' ORDER BY l.created_at DESC, l.id DESC LIMIT $9'; END IF;
  branches := ARRAY[
    'SELECT l.id, l.created_at FROM public.leads l WHERE ' || base || ' AND l.name ILIKE $2' || page,
    'SELECT l.id, l.created_at FROM public.leads l WHERE ' || base || ' AND l.email ILIKE $2' || page,
    'SELECT l.id, l.created_at FROM public.leads l WHERE ' || base
      || ' AND EXISTS (SELECT 1 FROM public.lead_notes n WHERE n.lead_id = l.id AND n.business_id = $1 AND n.body ILIKE $2)'
      || page
  ];
  IF phone_pattern IS NOT NULL THEN
    branches := branches || ('SELECT l.id, l.created_at FROM public.leads l WHERE ' || base || ' AND l.phone LIKE $3' || page);
  END IF;
  q := 'SELECT u.id, u.created_at FROM ((' || array_to_string(branches, ') UNION (') || ')) u';
  IF lim IS NOT NULL THEN q := q || ' ORDER BY u.created_at DESC, u.id DESC LIMIT $9'; END IF;
  RETURN q;
END
$fn$;
--> statement-breakpoint
-- The business whose leads may be searched: the transaction's tenant, never an argument.
CREATE FUNCTION prosaas_search.tenant() RETURNS uuid
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  biz uuid := nullif(current_setting('app.business_id', true), '')::uuid;
BEGIN
  IF biz IS NULL OR current_setting('app.scope', true) IS DISTINCT FROM 'tenant' THEN
    RAISE EXCEPTION 'the lead search runs only in a business''s scope';
  END IF;
  RETURN biz;
END
$fn$;
--> statement-breakpoint
-- The search itself. With a limit: a rare word (fewer than 500 matches in the business)
-- through the indexes; a common one by walking the newest leads, a window of about
-- sqrt(limit × leads) of them (where walking and the indexes cost about the same), tested
-- one by one until `lim` match; if the window holds fewer, the indexes find the rest among
-- the older leads. Every statement is planned for its own pattern and filters (dynamic SQL).
CREATE FUNCTION prosaas_search.lead_ids(
  pattern text,
  phone_pattern text,
  after_at timestamptz,
  after_id uuid,
  lim integer,
  p_status_id uuid,
  p_source text,
  p_assignee_id uuid,
  p_unassigned boolean
) RETURNS TABLE (id uuid, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 25
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  biz uuid := prosaas_search.tenant();
  win integer;
  found bigint;
  b_at timestamptz;
  b_id uuid;
BEGIN
  IF pattern IS NULL THEN RAISE EXCEPTION 'the lead search needs a pattern'; END IF;
  IF lim IS NULL THEN
    RETURN QUERY EXECUTE prosaas_search.lead_ids_sql('index', phone_pattern, after_at, after_id, lim, p_status_id, p_source, p_assignee_id, p_unassigned)
      USING biz, pattern, phone_pattern, after_at, after_id, p_status_id, p_source, p_assignee_id, lim, NULL::integer;
    RETURN;
  END IF;
  -- How common is it? Each index read until 500 matches at most (a few milliseconds): a
  -- rarer word is answered by the indexes, whose cost is its matches.
  EXECUTE 'SELECT (SELECT count(*) FROM (SELECT 1 FROM public.leads l WHERE l.business_id = $1 AND l.name ILIKE $2 LIMIT 500) s)'
    || ' + (SELECT count(*) FROM (SELECT 1 FROM public.leads l WHERE l.business_id = $1 AND l.email ILIKE $2 LIMIT 500) s)'
    || ' + (SELECT count(*) FROM (SELECT 1 FROM public.lead_notes n WHERE n.business_id = $1 AND n.body ILIKE $2 LIMIT 500) s)'
    || CASE WHEN phone_pattern IS NOT NULL
         THEN ' + (SELECT count(*) FROM (SELECT 1 FROM public.leads l WHERE l.business_id = $1 AND l.phone LIKE $3 LIMIT 500) s)'
         ELSE '' END
    INTO found USING biz, pattern, phone_pattern;
  IF found < 500 THEN
    RETURN QUERY EXECUTE prosaas_search.lead_ids_sql('index', phone_pattern, after_at, after_id, lim, p_status_id, p_source, p_assignee_id, p_unassigned)
      USING biz, pattern, phone_pattern, after_at, after_id, p_status_id, p_source, p_assignee_id, lim, NULL::integer;
    RETURN;
  END IF;
  -- A common word: the newest leads walked (stopping at the `lim`-th match), then, should
  -- the window hold fewer, the indexes for the older leads.
  SELECT greatest(200, least(50000, sqrt(lim::float8 * greatest(c.reltuples, 0)::float8)))::integer INTO win
    FROM pg_catalog.pg_class c WHERE c.oid = 'public.leads'::regclass;
  RETURN QUERY EXECUTE prosaas_search.lead_ids_sql('walk', phone_pattern, after_at, after_id, lim, p_status_id, p_source, p_assignee_id, p_unassigned)
    USING biz, pattern, phone_pattern, after_at, after_id, p_status_id, p_source, p_assignee_id, lim, win;
  GET DIAGNOSTICS found = ROW_COUNT;
  IF found >= lim THEN RETURN; END IF;
  EXECUTE prosaas_search.lead_ids_sql('boundary', phone_pattern, after_at, after_id, lim, p_status_id, p_source, p_assignee_id, p_unassigned)
    INTO b_at, b_id
    USING biz, pattern, phone_pattern, after_at, after_id, p_status_id, p_source, p_assignee_id, lim, win;
  IF b_id IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE prosaas_search.lead_ids_sql('index', phone_pattern, b_at, b_id, lim, p_status_id, p_source, p_assignee_id, p_unassigned)
    USING biz, pattern, phone_pattern, b_at, b_id, p_status_id, p_source, p_assignee_id, (lim - found)::integer, win;
END
$fn$;
--> statement-breakpoint
-- A shape's plan ('index' or 'walk'; EXPLAIN, nothing run, a window of 200): for the tests
-- and the bench, which check that each branch reads its index. Not granted to prosaas_app (the plan's estimates are
-- statistics over every business); the owner calls it in a business's scope.
CREATE FUNCTION prosaas_search.lead_ids_plan(
  mode text,
  pattern text,
  phone_pattern text,
  after_at timestamptz,
  after_id uuid,
  lim integer,
  p_status_id uuid,
  p_source text,
  p_assignee_id uuid,
  p_unassigned boolean
) RETURNS SETOF text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  RETURN QUERY EXECUTE 'EXPLAIN ' || prosaas_search.lead_ids_sql(mode, phone_pattern, after_at, after_id, lim, p_status_id, p_source, p_assignee_id, p_unassigned)
    USING prosaas_search.tenant(), pattern, phone_pattern, after_at, after_id, p_status_id, p_source, p_assignee_id, lim, 200;
END
$fn$;
--> statement-breakpoint
ALTER FUNCTION prosaas_search.lead_ids_sql(text, text, timestamptz, uuid, integer, uuid, text, uuid, boolean) OWNER TO prosaas_search;
--> statement-breakpoint
ALTER FUNCTION prosaas_search.tenant() OWNER TO prosaas_search;
--> statement-breakpoint
ALTER FUNCTION prosaas_search.lead_ids(text, text, timestamptz, uuid, integer, uuid, text, uuid, boolean) OWNER TO prosaas_search;
--> statement-breakpoint
ALTER FUNCTION prosaas_search.lead_ids_plan(text, text, text, timestamptz, uuid, integer, uuid, text, uuid, boolean) OWNER TO prosaas_search;
--> statement-breakpoint
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA prosaas_search FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION prosaas_search.lead_ids(text, text, timestamptz, uuid, integer, uuid, text, uuid, boolean) TO prosaas_app;
