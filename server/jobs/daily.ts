/**
 * Jobs that recur once a day (recording retention, say): each run enqueues the next day's
 * in its own transaction, keyed by kind and date, so a day is never run twice and never
 * skipped by a failed run (the failed run is retried, and only its success queues the next).
 */
import type { Database } from '../db/database';
import { enqueueJob } from './queue';
import type { JobHandler } from './runner';

/** The next hh:00 UTC strictly after `after`. */
export function nextDailyRun(after: Date, hourUtc: number): Date {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hourUtc));
  if (next <= after) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

const keyFor = (kind: string, at: Date) => `${kind}:${at.toISOString().slice(0, 10)}`;

/**
 * Wraps a system-wide handler (it runs in the system scope) into a daily one. `ensure`
 * queues the next run; call it at every start (it is idempotent), so a fresh database gets
 * its first run and nothing else is needed.
 */
export function dailyJob(kind: string, handler: JobHandler, opts: { hourUtc: number }) {
  const wrapped: JobHandler = async (tx, job, now) => {
    await handler(tx, job, now);
    const next = nextDailyRun(now, opts.hourUtc);
    await enqueueJob(tx, { kind, businessId: null, runAt: next, uniqueKey: keyFor(kind, next) });
  };
  return {
    kind,
    handler: wrapped,
    ensure(db: Database, now: Date) {
      const next = nextDailyRun(now, opts.hourUtc);
      return db.withSystem((tx) =>
        enqueueJob(tx, { kind, businessId: null, runAt: next, uniqueKey: keyFor(kind, next) }),
      );
    },
  };
}
