-- The overview's hourly roll-up of calls (db/schema/calls.ts callHourCounts), kept exact by
-- statement-level triggers on calls: each statement's old and new rows (transition tables)
-- become per-(business, UTC hour, key) deltas, summed before they are applied so a statement
-- touches each roll-up row once, in key order (concurrent calls lock the rows alike).
-- Tenant data like the calls it counts: FORCE makes row-level security apply to the owner too.
ALTER TABLE call_hour_counts FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- A latency's bucket: 4 % wide (the figure read back is the bucket's middle, within 2 %).
CREATE OR REPLACE FUNCTION prosaas_ms_bucket(ms float8) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT floor(ln(greatest(ms, 1)) / ln(1.04))::int $$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION prosaas_utc_hour(at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;--> statement-breakpoint

-- What one call counts for. Counters are read defensively (a value of the wrong JSON type
-- counts for nothing): a malformed counter must never fail the call's own write.
CREATE OR REPLACE FUNCTION prosaas_call_hour_keys(
  answered_at timestamptz, ended_at timestamptz, counters jsonb, outcome text
) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT 'answered' WHERE answered_at IS NOT NULL
    UNION ALL SELECT 'missed' WHERE answered_at IS NULL AND ended_at IS NOT NULL
    UNION ALL SELECT 'faq' WHERE answered_at IS NOT NULL
      AND jsonb_typeof(counters -> 'faqAnswers') = 'number' AND (counters ->> 'faqAnswers')::float8 > 0
    UNION ALL SELECT 'outcome:' || outcome WHERE outcome IS NOT NULL
    UNION ALL SELECT 'greeting:' || prosaas_ms_bucket((counters ->> 'firstAudioMs')::float8)
      WHERE jsonb_typeof(counters -> 'firstAudioMs') = 'number' AND (counters ->> 'firstAudioMs')::float8 >= 0
    UNION ALL SELECT 'turn:' || prosaas_ms_bucket(t.value::text::float8)
      FROM jsonb_each(CASE WHEN jsonb_typeof(counters -> 'earTotalMs') = 'object'
                           THEN counters -> 'earTotalMs' ELSE '{}'::jsonb END) t
      WHERE jsonb_typeof(t.value) = 'number'
  $$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION prosaas_call_hours() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO call_hour_counts (business_id, hour, key, n)
    SELECT r.business_id, prosaas_utc_hour(r.started_at), k.key, count(*)
    FROM new_rows r, prosaas_call_hour_keys(r.answered_at, r.ended_at, r.counters, r.outcome) k(key)
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (business_id, hour, key) DO UPDATE SET n = call_hour_counts.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Old rows' contributions exist already (they were counted when written), so one upsert
    -- of the non-zero differences keeps every row exact.
    INSERT INTO call_hour_counts (business_id, hour, key, n)
    SELECT business_id, hour, key, sum(d)::int FROM (
      SELECT r.business_id, prosaas_utc_hour(r.started_at) AS hour, k.key, 1 AS d
      FROM new_rows r, prosaas_call_hour_keys(r.answered_at, r.ended_at, r.counters, r.outcome) k(key)
      UNION ALL
      SELECT r.business_id, prosaas_utc_hour(r.started_at), k.key, -1
      FROM old_rows r, prosaas_call_hour_keys(r.answered_at, r.ended_at, r.counters, r.outcome) k(key)
    ) x
    GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (business_id, hour, key) DO UPDATE SET n = call_hour_counts.n + excluded.n;
  ELSE
    -- Only existing rows change: when a business is deleted its roll-up goes with it
    -- (cascade), and nothing may be inserted for it.
    UPDATE call_hour_counts c SET n = c.n - d.n
    FROM (
      SELECT r.business_id, prosaas_utc_hour(r.started_at) AS hour, k.key, count(*)::int AS n
      FROM old_rows r, prosaas_call_hour_keys(r.answered_at, r.ended_at, r.counters, r.outcome) k(key)
      GROUP BY 1, 2, 3
    ) d
    WHERE c.business_id = d.business_id AND c.hour = d.hour AND c.key = d.key;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER calls_hours_insert AFTER INSERT ON calls
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prosaas_call_hours();--> statement-breakpoint
CREATE TRIGGER calls_hours_update AFTER UPDATE ON calls
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prosaas_call_hours();--> statement-breakpoint
CREATE TRIGGER calls_hours_delete AFTER DELETE ON calls
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prosaas_call_hours();--> statement-breakpoint

-- The calls already written.
SELECT set_config('app.scope', 'system', true);--> statement-breakpoint
INSERT INTO call_hour_counts (business_id, hour, key, n)
SELECT c.business_id, prosaas_utc_hour(c.started_at), k.key, count(*)
FROM calls c, prosaas_call_hour_keys(c.answered_at, c.ended_at, c.counters, c.outcome) k(key)
GROUP BY 1, 2, 3;
