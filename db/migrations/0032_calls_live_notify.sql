-- Every change to a call (ringing, answered, ended, analysed) is announced on the
-- prosaas_calls channel with only its business and id: open dashboards re-read the call
-- through the API, under their own tenant scope (server/calls/live/call-feed.ts).
CREATE OR REPLACE FUNCTION prosaas_notify_call() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify(
    'prosaas_calls',
    json_build_object('businessId', NEW.business_id, 'callId', NEW.id, 'op', lower(TG_OP))::text
  );
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER calls_notify AFTER INSERT OR UPDATE ON calls
  FOR EACH ROW EXECUTE FUNCTION prosaas_notify_call();
