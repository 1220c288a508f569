import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed-login counters (server/auth/login-throttle.ts), one row per key: `email:<address>`,
 * `ip:<address>`, or `pair:<address>|<ip>` for a client that has logged in to that account
 * from that IP before. Changed only by single atomic statements, so parallel attempts are
 * counted exactly and every process shares them. Not tenant data (an email is not yet a
 * user, an IP no business's): no business_id.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    // Failures since the counter was last cleared; forgotten a window after the last one.
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    // No attempt is evaluated before this (the growing delay after the limit).
    notBefore: timestamp('not_before', { withTimezone: true }),
    // Attempts being evaluated now; a crashed process's claims lapse at in_flight_until.
    inFlight: integer('in_flight').notNull().default(0),
    inFlightUntil: timestamp('in_flight_until', { withTimezone: true }),
    // A pair key: when this account last logged in from this IP.
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  },
  // Retention: rows nobody failed or succeeded on lately.
  (t) => [index('login_throttle_last_failure_idx').on(t.lastFailureAt)],
);
