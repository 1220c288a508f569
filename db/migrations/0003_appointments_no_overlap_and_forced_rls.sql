-- Custom SQL migration file, put your code below! --
-- Double booking is impossible in the database itself: two active appointments of one
-- business may not hold overlapping time (their own range widened by the buffers). The
-- status list is ACTIVE_APPOINTMENT_STATUSES in db/schema/appointments.ts. btree_gist lets
-- the gist index compare business_id with =; drizzle-kit cannot express either.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap
  EXCLUDE USING gist (business_id WITH =, tstzrange(blocked_from, blocked_to) WITH &&)
  WHERE (status IN ('booked', 'confirmed'));
--> statement-breakpoint
ALTER TABLE appointment_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE appointments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_statuses FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE leads FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_status_changes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lead_notes FORCE ROW LEVEL SECURITY;
